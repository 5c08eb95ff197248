(builtins.tryEval [ (throw "element") ]).success
