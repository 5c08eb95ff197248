builtins.head [ (x: x + 1) ] 2
