let p = "x"; in { x.y = 1; }.${p}.z or "none"
