builtins.any (x: x) [ 1 ]
