(import ./data/lib.nix).fromSub
