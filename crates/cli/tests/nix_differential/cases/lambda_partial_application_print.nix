let f = a: b: a + b; in { partial = f 1; full = f 1 2; }
