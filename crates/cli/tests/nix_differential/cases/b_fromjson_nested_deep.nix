(builtins.fromJSON "[[[[[{\"k\": [1]}]]]]]")
