builtins.toJSON { list = [ { a = [ ]; } { b = { c = null; }; } ]; str = ""; }
