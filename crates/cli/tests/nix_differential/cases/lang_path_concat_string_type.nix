builtins.typeOf (./. + "/data")
