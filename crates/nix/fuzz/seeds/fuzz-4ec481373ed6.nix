builtins.sort builtins.lessThan [ 6 1   5 2 6 ]
