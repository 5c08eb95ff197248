let a = "x"; in "${a}y" == "xy"
