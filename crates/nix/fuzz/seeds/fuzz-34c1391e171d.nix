{ a.b.c = 1; a.b.d = 2; a.e =1; a.b.d = 2 3; f = 4; }
