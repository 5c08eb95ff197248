builtins.tryEval (builtins.deepSeq { a = [ (throw "x") ]; } 1)
