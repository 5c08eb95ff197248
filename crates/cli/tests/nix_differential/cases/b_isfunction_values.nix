with builtins; map isFunction [ 1 (x: x) map (map (x: x)) { } { __functor = s: x: x; } ]
