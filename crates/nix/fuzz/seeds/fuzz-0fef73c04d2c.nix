{a.b =1; }.a.c
