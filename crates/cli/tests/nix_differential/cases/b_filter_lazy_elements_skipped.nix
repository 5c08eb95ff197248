builtins.length (builtins.filter (x: false) [ (throw "a") ])
