let mk = n: { v = [ n { w = n; } ]; }; in [ (mk 1 == mk 1) (mk 1 == mk 2) ]
