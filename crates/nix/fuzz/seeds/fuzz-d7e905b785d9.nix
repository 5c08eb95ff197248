builtins.match "(a)(x)?\\\?\\\\\\\A\)\ j(""ab"
