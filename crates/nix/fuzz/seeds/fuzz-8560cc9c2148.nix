__curPos. "  

"
