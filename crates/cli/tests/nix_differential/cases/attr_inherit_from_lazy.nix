{ inherit (throw "no") x; y = 1; }.y
