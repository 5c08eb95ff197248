(args@{ a ? 1, b }: [ (args ? a) (args ? b) ]) { b = 2; }
