builtins.split "(a|)ba)" "abx"
