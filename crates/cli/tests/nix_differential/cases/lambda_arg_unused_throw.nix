(x: 1) (throw "unused argument")
