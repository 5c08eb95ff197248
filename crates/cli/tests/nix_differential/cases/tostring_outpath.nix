[ (toString { outPath = "out"; }) "${{ outPath = "interp"; }}" ]
