map builtins.splitVersion [ "1.2.3" "1.2.3-beta4" "2.0pre20231010" "" "abc" "1..2" "1_2-3.4" ]
