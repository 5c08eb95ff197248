with { a.b = 3; }; a.b
