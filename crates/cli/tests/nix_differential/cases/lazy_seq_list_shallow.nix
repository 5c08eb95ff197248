builtins.seq [ (throw "inside") ] 2
