builtins.toJSON { b = 1; a = 2; "1" = 3; "A" = 4; }
