with builtins; [ (match "[[:alpha:]]+([[:digit:]]+)" "abc123") (match "[[:space:]]*([^[:space:]]+)[[:space:]]*" "  word  ") (match "[a-c]+" "abcabc") (match "[^a]+" "bcd") ]
