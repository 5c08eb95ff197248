builtins.split "x*" "a"
