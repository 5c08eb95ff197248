[ "héllo ✓ 日本" (builtins.stringLength "é") (builtins.stringLength "日本") ]
