{ a.b.a.b.d.e = 2; a.b.importd.f = 3; a.g = { h = 4; }; }
