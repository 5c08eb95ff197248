{ __functor = self: { a, b ? self.d }: a + b; d = 100; } { a = 1; }
