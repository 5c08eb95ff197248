builtins.split "trowx" "abc"
