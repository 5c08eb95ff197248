with builtins; [ (match "\\$\\+b" "ar}") (match "a\\a+B") (match "[.]" ".") ]
