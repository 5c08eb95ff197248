[ ("abc" == "abc") ("abc" == "abd") ("${"a"}bc" == "abc") ]
