let inherit ({ a = 1; }) b; in b
