builtins.catAttrs 1 [ { a = 1; } ]
