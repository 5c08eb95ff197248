builtins.split "$(,)(_}
]*" "ab,c"
