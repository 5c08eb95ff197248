let
  s = {
    a = 1;
      bb = 2;
  };
  p = builtins.unsafeGetAttrPos "bb" s;
in [ p.line p.column (builtins.attrNames p) (builtins.unsafeGetAttrPos "zz" s) ]
