[ (toString 1.5) (toString 1.0) (toString 0.1) (toString 123456789.0) (toString (-2.0)) ]
