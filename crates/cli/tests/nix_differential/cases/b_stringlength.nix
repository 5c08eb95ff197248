with builtins; [ (stringLength "") (stringLength "hello") (stringLength "héllo") (stringLength "a\nb") ]
