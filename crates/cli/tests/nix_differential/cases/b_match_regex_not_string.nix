builtins.match 1 "a"
