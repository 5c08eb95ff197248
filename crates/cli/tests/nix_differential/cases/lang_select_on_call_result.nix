[ ((x: { a = x; }) 1).a ((builtins.getAttr "b" { b = { c = 2; }; }).c) ]
