builtins.replaceStrings [ "hello" "world" ] [ "bye" "all" ] "hello world, hello!"
