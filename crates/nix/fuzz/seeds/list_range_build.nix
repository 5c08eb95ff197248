builtins.genList (i: i * 2) 6
