baseNameOf (dirOf ./data/hello.txt)
