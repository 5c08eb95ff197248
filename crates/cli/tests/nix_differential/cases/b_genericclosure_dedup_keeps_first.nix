builtins.genericClosure {
  startSet = [ { key = "a"; tag = "first"; } { key = "a"; tag = "second"; } { key = "b"; tag = "x"; } ];
  operator = item: [ { key = "b"; tag = "from-${item.tag}"; } ];
}
