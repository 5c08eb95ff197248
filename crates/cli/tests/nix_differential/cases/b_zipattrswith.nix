builtins.zipAttrsWith (name: values: { inherit name values; }) [ { a = 1; } { a = 2; b = 3; } { } ]
