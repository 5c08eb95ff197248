{ outPath = "x"; a = 1; } == { outPath = "x"; a = 2; }
