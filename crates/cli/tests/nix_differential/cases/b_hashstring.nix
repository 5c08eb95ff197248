with builtins; [
  (hashString "md5" "") (hashString "md5" "abc") (hashString "sha1" "abc")
  (hashString "sha256" "") (hashString "sha256" "hello world")
  (hashString "sha512" "abc")
]
