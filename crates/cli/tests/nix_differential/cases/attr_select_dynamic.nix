let n = "x"; in [ { x = 1; }.${n} { xy = 2; }."${n}y" ]
