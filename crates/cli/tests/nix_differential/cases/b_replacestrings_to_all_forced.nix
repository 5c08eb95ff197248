builtins.replaceStrings [ "x" "y" ] [ "1" (throw "unused") ] "xx"
