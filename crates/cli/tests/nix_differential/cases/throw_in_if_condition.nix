if throw "cond" then 1 else 2
