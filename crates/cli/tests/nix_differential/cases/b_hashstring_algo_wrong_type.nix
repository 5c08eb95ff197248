builtins.hashString 256 "abc"
