{ a = 1; }.b or (throw "the default was needed")
