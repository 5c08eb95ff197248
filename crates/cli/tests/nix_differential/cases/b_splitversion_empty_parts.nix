builtins.splitVersion "..1..a.."
