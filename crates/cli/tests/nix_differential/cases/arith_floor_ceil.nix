with builtins; [ (floor 2.7) (floor (-2.7)) (ceil 2.1) (ceil (-2.1)) (floor 3) (ceil 5) (floor 2.0) (ceil (-0.5)) ]
