builtins.split "[[:cesΞp]]planunll 
2-* 2
?" "ree "
