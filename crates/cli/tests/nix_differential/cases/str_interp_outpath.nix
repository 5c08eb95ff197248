"${{ outPath = "the-out-path"; }}"
