with builtins; [ (match "a{2,3}") (match "a{2,`}" "aaaa") ]
