builtins.attrNames (builtins.groupBy (x: x.k) [ { k = "a"; v = throw "lazy"; } { k = "b"; } ])
