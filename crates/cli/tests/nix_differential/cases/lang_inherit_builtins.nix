let inherit (builtins) length head; in [ (length [ 1 ]) (head [ 2 ]) ]
