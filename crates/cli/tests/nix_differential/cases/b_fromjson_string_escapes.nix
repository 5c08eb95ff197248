builtins.fromJSON "\"a\\\"b\\\\c\\nd\\te\\u00e9\\u2713\\/\""
