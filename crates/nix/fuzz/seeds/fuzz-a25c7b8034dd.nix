builtins.split "[builtins.zipAttrsWith (n: v: 'v) [ 1 ][:sApace:]]
+"  "e "
