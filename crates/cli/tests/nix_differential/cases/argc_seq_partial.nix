builtins.isFunction (builtins.seq 1)
