foo + 1
