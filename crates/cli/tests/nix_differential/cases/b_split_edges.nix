builtins.split "-" "-a--b-"
