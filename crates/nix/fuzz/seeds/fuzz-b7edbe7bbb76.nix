(builtins.fromJSON "[[[[]]]]")
