let inherit missing; in 1
