builtins.hasAttr "a" [ ]
