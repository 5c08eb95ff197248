{ __functor = self: 3; } 2
