builtins.foldl' (acc: x: x) 0 [ 1 (throw "acc forced") 3 ]
