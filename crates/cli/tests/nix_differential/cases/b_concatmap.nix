builtins.concatMap (x: [ x (x * 10) ]) [ 1 2 3 ]
