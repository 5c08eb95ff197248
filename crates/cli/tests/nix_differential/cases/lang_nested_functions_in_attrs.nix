let lib = { add = a: b: a + b; twice = f: x: f (f x); }; in lib.twice (lib.add 3) 10
