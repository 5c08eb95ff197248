with { length = x: 42; }; builtins.length [ ] + length [ ]
