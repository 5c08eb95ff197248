builtins.substring 0 1 "abc" "d"
