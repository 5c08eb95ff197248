let nats = n: [ n (nats (n + 1)) ]; in builtins.elemAt (builtins.elemAt (nats 0) 1) 0
