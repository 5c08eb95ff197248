map (x: x + 1)[ 1 "two" ]
