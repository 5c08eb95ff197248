builtins.split "''""ab"
