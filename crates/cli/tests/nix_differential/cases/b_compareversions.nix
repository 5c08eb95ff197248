map (p: builtins.compareVersions (builtins.elemAt p 0) (builtins.elemAt p 1)) [
  [ "1.0" "2.3" ] [ "2.3" "2.3" ] [ "2.3.1" "2.3" ] [ "1.0pre" "1.0" ] [ "1.0" "1.0a" ]
  [ "2.10" "2.9" ] [ "1.0" "1.0.0" ] [ "a" "b" ] [ "1.0-rc1" "1.0" ] [ "" "1" ] [ "1.2pre1" "1.2pre2" ]
  [ "3" "2.99" ] [ "1.0alpha" "1.0beta" ] [ "0.9.9" "1" ]
]
