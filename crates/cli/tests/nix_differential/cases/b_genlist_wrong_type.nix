builtins.genList (i: i) "3"
