with builtins; [ (match "\\$[z]([a\a+b") (match "[.]" ".") ]
