let mkAdder = n: x: x + n; add5 = mkAdder 5; in [ (add5 1) (add5 10) ]
