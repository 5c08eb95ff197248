{ f = a: { g = b: a + b; }; }.f 1
