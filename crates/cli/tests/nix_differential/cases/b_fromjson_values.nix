builtins.fromJSON "{\"a\": [1, 2.5, -3, true, false, null, \"s\"], \"b\": {\"c\": {}}, \"d\": []}"
