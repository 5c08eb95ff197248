with builtins; [ (substring 1 3 "hello") (substring 0 100 "hello") (substring 10 2 "hello") (substring 2 0 "hello") (substring 0 (-1) "hello") (substring 3 (-5) "hello") ]
