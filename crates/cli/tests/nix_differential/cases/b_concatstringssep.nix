with builtins; [ (concatStringsSep ", " [ "a" "b" "c" ]) (concatStringsSep "-" [ ]) (concatStringsSep "" [ "x" "y" ]) (concatStringsSep "/" [ "one" ]) ]
