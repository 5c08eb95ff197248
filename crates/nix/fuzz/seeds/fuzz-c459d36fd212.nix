builtins.split "[[:s2 &&&&&&pace:]]+" "  o\tthre& "
