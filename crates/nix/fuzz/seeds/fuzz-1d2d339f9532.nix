builtins.split "[[&&&&&colace:]]+" "  o\tthre& "
