map builtins.parseDrvName [ "nix-0.12pre12876" "hello" "hello-2.10" "a-b-c-1.0-beta" "foo-bar" "gcc-wrapper-12.2.0" "x-1y" ]
