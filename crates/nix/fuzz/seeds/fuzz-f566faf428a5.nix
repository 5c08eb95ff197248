with builtins; [ (match "^" "a\nc") (match "" "") (match "a*" "") ]
