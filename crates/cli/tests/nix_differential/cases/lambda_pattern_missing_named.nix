let f = { x, y }: x; in f { y = 1; }
