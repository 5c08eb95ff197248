import ./data/sub/x.nix
