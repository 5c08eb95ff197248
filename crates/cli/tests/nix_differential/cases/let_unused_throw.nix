let a = throw "unused"; b = abort "unused"; in 3
