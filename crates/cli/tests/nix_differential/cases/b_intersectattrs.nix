builtins.intersectAttrs { a = 1; b = 2; } { b = 3; c = 4; a = 5; }
