builtins.toJSON "bell: esc: del:"
