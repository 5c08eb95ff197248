({ a ? throw "default not needed" }: 1) { a = 2; }
