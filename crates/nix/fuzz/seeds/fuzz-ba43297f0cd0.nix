builtins.match "([ad
dErr5-}--++~~-~-~-z~~-he9]+)" "0.22.3"
