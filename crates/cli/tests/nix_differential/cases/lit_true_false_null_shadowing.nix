let true = false; null = 5; in [ true null ]
