builtins.split "(,([ )]**" ",c"
