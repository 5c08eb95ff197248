builtins.iltins
