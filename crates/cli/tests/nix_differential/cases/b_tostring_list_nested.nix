builtins.toString [ 1 [ 2 [ 3 ] ] "x" ]
