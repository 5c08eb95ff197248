{ f = builtins.getAttr "a"; }
