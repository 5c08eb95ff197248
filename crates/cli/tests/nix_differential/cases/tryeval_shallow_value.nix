(builtins.tryEval { a = throw "x"; b = 2; }).value.b
