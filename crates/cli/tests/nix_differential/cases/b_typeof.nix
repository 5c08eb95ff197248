map builtins.typeOf [ 1 1.5 true null "s" [ ] { } (x: x) builtins.add (builtins.add 1) ./data ]
