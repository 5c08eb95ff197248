builtins.split" (a/dir|ab)" "xabx"
