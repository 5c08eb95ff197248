null * 2
