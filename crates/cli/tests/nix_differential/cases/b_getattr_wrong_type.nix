builtins.getAttr "a" "a"
