''first
  second
''
