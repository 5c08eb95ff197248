builtins.floor "2.5"
