with builtins; [ (pxists :/data/xt) (pathExists ub/x.nix) ]
