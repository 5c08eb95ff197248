builtins.addErrorContext "while doing something" 7
