builtins.tryEval (abort "cannot catch")
