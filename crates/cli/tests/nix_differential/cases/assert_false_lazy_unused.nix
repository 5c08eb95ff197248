let a = assert false; 1; in 2
