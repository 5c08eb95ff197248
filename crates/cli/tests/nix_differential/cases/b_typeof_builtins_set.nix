[ (builtins.typeOf builtins) (builtins.isAttrs builtins) (builtins ? map) (builtins ? noSuchBuiltin) ]
