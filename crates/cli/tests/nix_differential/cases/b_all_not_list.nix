builtins.all (x: x) true
