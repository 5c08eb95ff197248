[ 1 (throw "element forced") ]
