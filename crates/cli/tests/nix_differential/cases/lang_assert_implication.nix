let x = null; in assert x != null -> builtins.isString x; "ok"
