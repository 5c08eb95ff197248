builtins.isFunction builtins.throw
