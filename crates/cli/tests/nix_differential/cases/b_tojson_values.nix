builtins.toJSON { n = null; t = true; f = false; i = 42; neg = -3; s = "str"; l = [ 1 [ 2 ] ]; e = { }; el = [ ]; }
