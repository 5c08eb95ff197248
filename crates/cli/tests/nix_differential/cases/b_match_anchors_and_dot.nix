with builtins; [ (match "^a.c$" "abc") (match "a.c" "a\nc") (match "" "") (match "a*" "") ]
