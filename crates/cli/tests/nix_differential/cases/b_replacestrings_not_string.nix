builtins.replaceStrings [ 1 ] [ "1" ] "abc"
