map toString [ 1 [ 1 "a" ] ]
