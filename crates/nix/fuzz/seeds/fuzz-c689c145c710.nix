builtins.split" (a|ab)" "x"
