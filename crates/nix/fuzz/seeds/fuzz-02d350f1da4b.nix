(builtins.fromJSON "[[[")
