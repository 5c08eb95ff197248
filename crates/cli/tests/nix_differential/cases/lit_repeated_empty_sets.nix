# Empty sets are never printed as «repeated» (Nix shares one empty set too);
# a non-empty set shown twice is.
let e = { }; s = { x = 1; }; in [ e e { } { } s s { a = e; b = e; } ]
