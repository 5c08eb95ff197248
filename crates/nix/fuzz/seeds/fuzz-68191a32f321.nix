builtins.split "R[:space:]]+" "ee "
