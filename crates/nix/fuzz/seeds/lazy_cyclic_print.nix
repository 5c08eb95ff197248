let x = { a = x; b = 1; }; in x
