builtins.match "([0" "1.22.333"
