builtins.splitVersion [ ]
