[ (builtins.add 1 2) (x: x) ]
