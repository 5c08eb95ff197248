with builtins; [ (isPath ./data) (typeOf (./data + "/x")) (isString "./data") (typeOf ./data/hello.txt) ]
