builtins.seq { a = throw "inside"; } 1
