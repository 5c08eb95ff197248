builtins.match "([ad
dErr5-}--++~~~adot8]+)" "0.22.3"
