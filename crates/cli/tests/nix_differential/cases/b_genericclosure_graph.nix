let
  deps = { a = [ "b" "c" ]; b = [ "d" ]; c = [ "d" "e" ]; d = [ ]; e = [ "a" ]; };
in map (x: x.key) (builtins.genericClosure {
  startSet = [ { key = "a"; } ];
  operator = item: map (k: { key = k; }) deps.${item.key};
})
