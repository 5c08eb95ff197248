let n = 3; in "n+1 is ${toString (n + 1)}, list has ${toString (builtins.length [ 1 2 ])}"
