[ (if 1 < 2 then "yes" else "no") (if false then throw "no" else 3) ]
