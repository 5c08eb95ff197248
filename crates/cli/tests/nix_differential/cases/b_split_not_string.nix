builtins.split "," [ ]
