builtins.split "[[:cesΞp]]
2-* 2
" "  tee "
