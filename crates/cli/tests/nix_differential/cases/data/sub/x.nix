{ value = "from sub"; list = [ 1 2 ]; }
