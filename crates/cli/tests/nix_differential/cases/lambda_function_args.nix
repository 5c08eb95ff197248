with builtins; [ (functionArgs ({ a, b ? 1, ... }: a)) (functionArgs ({ }: 1)) (functionArgs (x: x)) (functionArgs (args@{ c ? 0 }: c)) ]
