[ (import ./dir/plain.nix) (import ./dir/plain.nix) (import ./dir).c ]
