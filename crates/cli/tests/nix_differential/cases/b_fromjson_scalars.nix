map builtins.fromJSON [ "null" "true" "false" "\"x\"" ]
