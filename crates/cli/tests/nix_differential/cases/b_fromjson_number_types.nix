map (x: builtins.typeOf (builtins.fromJSON x)) [ "1" "1.0" "1e2" "-5" ]
