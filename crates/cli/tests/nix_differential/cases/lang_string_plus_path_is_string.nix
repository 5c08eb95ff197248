builtins.typeOf ("prefix" + baseNameOf ./data)
