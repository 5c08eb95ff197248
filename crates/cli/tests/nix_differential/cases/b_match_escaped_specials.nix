with builtins; [ (match "\\$[{]([a-z]+)[}]" "\${var}") (match "a\\+b" "a+b") (match "[.]" ".") ]
