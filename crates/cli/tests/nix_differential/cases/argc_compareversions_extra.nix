builtins.compareVersions "1" "2" "3"
