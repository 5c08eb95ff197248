let x = 1; y = [ x ]; in { inherit x y; z = x + 1; }
