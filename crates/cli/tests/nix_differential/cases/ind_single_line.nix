''  abc  ''
