let check = x: if x > 10 then throw "too big: ${toString x}" else x; in map check [ 1 20 ]
