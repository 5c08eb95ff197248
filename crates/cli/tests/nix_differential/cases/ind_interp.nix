let name = "world"; in ''
  hello ${name}
    indented ${toString 42}
''
