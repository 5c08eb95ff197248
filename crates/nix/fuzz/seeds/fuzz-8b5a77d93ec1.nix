{ __functor = f: x: x; a = { __functor = f: x: x; a = 1; }
1; }
