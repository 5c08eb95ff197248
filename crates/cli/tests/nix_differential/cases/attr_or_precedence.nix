let s = { a = 1; }; in [ (s.b or 1 + 1) ]
