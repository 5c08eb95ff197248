builtins.abort "via builtins"
