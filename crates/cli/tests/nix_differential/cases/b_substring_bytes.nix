builtins.substring 0 1 "é" + "|" + builtins.substring 1 3 "aéb"
