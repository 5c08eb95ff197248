# a line comment
/* a block
   comment */ 1 + /* inline */ 2 # trailing
