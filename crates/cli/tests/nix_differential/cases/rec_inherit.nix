rec { inherit ({ x = 3; }) x; y = x * 2; }
