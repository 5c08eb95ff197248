[ (toString 1) (map (x: x + 1) [ 1 ]) (isNull null) (baseNameOf "a/b") (removeAttrs { a = 1; } [ "a" ]) ]
