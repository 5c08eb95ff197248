builtins.toJSON { x = { __toString = self: "custom"; a = 1; }; }
