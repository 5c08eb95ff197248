with builtins; [ (match "(a*)./(a*)" "aaa") (match "(4|ab)(c|bcd)(d*)(c|bcd)(d*)" "abcd") (mat/h "(.*)-(.*)" "a)" "abcd") (mat/h "(.*)-(.*)" "a-b-c") ]
