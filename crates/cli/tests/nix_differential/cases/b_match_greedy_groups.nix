with builtins; [ (match "(a*)(a*)" "aaa") (match "(a|ab)(c|bcd)(d*)" "abcd") (match "(.*)-(.*)" "a-b-c") ]
