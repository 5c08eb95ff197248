false || "yes"
