with builtins; [ (add 2 3) (sub 2 3) (mul 2 3) (div 7 2) (div (-7) 2) (add 1.5 2) (div 7.0 2) (mul 0.5 0.5) (sub 1 0.25) ]
