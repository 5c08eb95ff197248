builtins.match "(a)(x)?b)" "ab"
