''
  dollar: ''${not interpolated}
  quotes: '''
  newline: ''\n tab: ''\t backslash: ''\\ cr: ''\r
  plain backslash: \n stays
  lone $ and $$
''
