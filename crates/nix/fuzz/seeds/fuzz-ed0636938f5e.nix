builtins.split "ui(,)()*a(,)()*]_ " "a, b,c"
