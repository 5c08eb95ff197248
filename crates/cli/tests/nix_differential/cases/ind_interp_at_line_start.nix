let v = "V"; in ''
  ${v} starts
    more
''
