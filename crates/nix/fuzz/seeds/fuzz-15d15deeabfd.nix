with builtins; [ (match "(a*)(a\\\\\\\\\\\\\\\\\\\Dd*)" "abcd")attrValues (match "(.*)-(.*)" "a-b-c") ]
