builtins.readDir ./data/no-such-dir
