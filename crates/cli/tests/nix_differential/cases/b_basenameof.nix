with builtins; [ (baseNameOf "a/b/c.txt") (baseNameOf "c") (baseNameOf "a/b/") (baseNameOf "/") (baseNameOf "") (baseNameOf ./data/hello.txt) ]
