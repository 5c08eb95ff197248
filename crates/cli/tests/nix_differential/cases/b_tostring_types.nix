with builtins; [ (toString "s") (toString 12) (toString (-4)) (toString null) (toString true) (toString false) (toString [ ]) ]
