[ "tab	char" "back\\slash" "quote\"d" "dollar-brace \${x}" "cr\r" "raw-tab:	:" ]
