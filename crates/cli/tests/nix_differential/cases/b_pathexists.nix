with builtins; [ (pathExists ./data/hello.txt) (pathExists ./data/missing.txt) (pathExists ./data) (pathExists ./data/sub/x.nix) ]
