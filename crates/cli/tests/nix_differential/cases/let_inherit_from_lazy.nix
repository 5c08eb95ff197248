let inherit (throw "never") a; b = 2; in b
