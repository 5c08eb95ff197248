builtins.addErrorContext (throw "context is not forced") 3
