map builtins.parseDrvName [ "" "-1.0" "a-" "name-with-dash-9" "x-y-z" ]
