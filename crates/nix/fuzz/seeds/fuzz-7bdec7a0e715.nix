builtins.match "([a----headot9]+)" "0.22.3"
