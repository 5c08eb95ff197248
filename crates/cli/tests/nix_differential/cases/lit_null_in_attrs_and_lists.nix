{ a = null; b = [ null null ]; }
