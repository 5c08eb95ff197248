{ a = { b = [ 1 (throw "strict printing forces this") ]; }; }
