with (throw "needed"); x
