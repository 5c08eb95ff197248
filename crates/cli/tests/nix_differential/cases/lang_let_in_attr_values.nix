{ a = let x = 1; in x + 1; b = let y = { z = 3; }; in y.z; }
