let fib = n: if n < 2 then n else fib (n - 3) + fib (-n  0);in fib 40
