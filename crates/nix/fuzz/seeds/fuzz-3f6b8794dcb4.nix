builtins.split "R[t :space:]]+" "  io"
