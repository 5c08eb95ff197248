with builtins; [ (match "b" "abc") (match ".*b.*" "abc") (match "a|b" "b") ]
