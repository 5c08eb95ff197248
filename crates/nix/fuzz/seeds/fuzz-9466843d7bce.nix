builtins.match "h" "a"
