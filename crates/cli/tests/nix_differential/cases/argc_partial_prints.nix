with builtins; { a = map (x: x); b = elemAt [ 1 ]; c = foldl' (a: b: a) 0; d = hashString "md5"; e = replaceStrings [ ] [ ]; }
