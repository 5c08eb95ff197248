builtins.tryEval { a = throw "forced later by strict printing"; }
