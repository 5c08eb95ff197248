let map = 1; toString = x: "mine"; in [ map (toString 2) ]
