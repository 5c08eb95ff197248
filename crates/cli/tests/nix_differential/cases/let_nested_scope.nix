let a = 1; f = x: let a = x * 10; in a; in [ a (f 2) ]
