[ (true -> false) (false -> true) (false -> throw "not evaluated") (true -> true) ]
