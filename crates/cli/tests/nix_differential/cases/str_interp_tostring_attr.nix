"<${{ __toString = self: "T" + toString self.n; n = 4; }}>"
