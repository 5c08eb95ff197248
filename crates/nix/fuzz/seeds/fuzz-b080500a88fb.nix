"a${y"b${Uc
