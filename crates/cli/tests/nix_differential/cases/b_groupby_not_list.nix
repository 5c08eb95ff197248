builtins.groupBy (x: "k") { }
