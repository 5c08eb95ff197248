# kind: other (found while evaluating, not while parsing)
{ ${"a"} = 1; a = 2; }
