with builtins; [ (dirOf "a/b/c") (dirOf "abc") (dirOf "/") (dirOf "/a") (dirOf "a/b/") (dirOf "") ]
