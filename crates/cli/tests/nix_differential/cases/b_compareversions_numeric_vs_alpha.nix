with builtins; [ (compareVersions "1.a" "1.1") (compareVersions "1pre" "1") (compareVersions "pre" "") (compareVersions "1.01" "1.1") (compareVersions "2.0" "2.0.0.0") ]
