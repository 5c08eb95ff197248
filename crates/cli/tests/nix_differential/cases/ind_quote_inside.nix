''
  it's "quoted" and 'single'
''
