with (throw "not needed"); 1
