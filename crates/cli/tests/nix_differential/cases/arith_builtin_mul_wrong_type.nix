builtins.mul null 1
