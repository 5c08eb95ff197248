[ (builtins.elemAt [ 1 2 3 ] 0) (builtins.elemAt [ 1 2 3 ] 2) ]
