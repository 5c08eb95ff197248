({ a ? throw "default not used" }: 1) { }
