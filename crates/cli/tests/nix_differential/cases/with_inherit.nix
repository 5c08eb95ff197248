with { p = 1; }; { inherit p; }
