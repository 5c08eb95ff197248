with builtins; [ (match "a{2,3}" "aaa") (match "a{2,3}" "aaaa") (match "(ab)+" "ababab") (match "x?y*z+" "zz") ]
