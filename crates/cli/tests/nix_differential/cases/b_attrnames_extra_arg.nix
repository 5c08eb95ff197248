builtins.attrNames { } { }
