builtins.trace { a = 1; } (builtins.trace [ 1 ] "done")
