builtins.split "[[:e:]]+" "  one "
