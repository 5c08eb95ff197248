builtins.trace "a trace message" 42
