let f = builtins.foldl' (a: b: a + b); g = f 0; in g [ 1 2 3 ]
