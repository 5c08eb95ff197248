{ a.b.c = 1; a.b.d.e = 2; a.b.d.f = 3; a.g = { h = 4; }; }
