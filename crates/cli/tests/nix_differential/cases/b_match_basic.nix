with builtins; [ (match "ab" "ab") (match "ab" "abc") (match "a(b)c" "abc") (match ".*(b).*" "abc") ]
