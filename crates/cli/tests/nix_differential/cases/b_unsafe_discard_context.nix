with builtins; [ (unsafeDiscardStringContext "plain") (hasContext "plain") (getContext "plain") ]
