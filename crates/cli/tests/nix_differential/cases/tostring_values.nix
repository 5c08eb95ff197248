map toString [ 1 "s" null true false [ 1 "a" ] [ ] (-3) [ null [ 2 ] ] ]
