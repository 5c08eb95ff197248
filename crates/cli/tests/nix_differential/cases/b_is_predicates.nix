with builtins;
let vs = [ 1 1.5 true null "s" [ ] { } (x: x) ./data ];
in map (v: [ (isInt v) (isFloat v) (isBool v) (isNull v) (isString v) (isList v) (isAttrs v) (isFunction v) (isPath v) ]) vs
