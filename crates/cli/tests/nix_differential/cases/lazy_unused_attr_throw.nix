let a = { x = throw "x"; y = 1; }; in a.y
