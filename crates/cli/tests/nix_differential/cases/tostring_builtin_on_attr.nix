builtins.toString { __toString = self: "custom"; }
