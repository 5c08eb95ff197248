let x = { b = 1; }; in { a = x; a.c = 2; }
