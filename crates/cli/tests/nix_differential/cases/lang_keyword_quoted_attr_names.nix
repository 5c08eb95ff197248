{ "if" = 1; "then" = 2; "let" = 3; "in" = 4; "rec" = 5; "with" = 6; "inherit" = 7; "assert" = 8; "or" = 9; "true" = 10; "null" = 11; }
