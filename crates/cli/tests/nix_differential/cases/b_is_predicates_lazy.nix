builtins.isList [ (throw "elements are lazy") ]
