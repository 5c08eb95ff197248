builtins.trace "msg" (throw "after trace")
