"${{ __toString = self: "x${toString self.n}"; n = 1; }}"
