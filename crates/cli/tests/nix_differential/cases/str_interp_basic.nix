let x = "w"; in "hello ${x}!"
