with builtins; [ (match "a{2,3}" "aaa") (match "a{2,z+" "zz") ]
