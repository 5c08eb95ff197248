builtins.match "(.*)" "line1\nline2"
