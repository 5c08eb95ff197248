{ f = x: x; g = builtins.hEad; }
