builtins.split "(a)|(b)" "1a2b3"
