let counter = n: { inherit n; __functor = self: x: counter (self.n + x); }; in ((counter 1) 2 3).n
