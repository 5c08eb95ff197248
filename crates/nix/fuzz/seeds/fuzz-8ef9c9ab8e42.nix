with builtins; [ (match "b" "bc") (match "a|b" "b") ]
