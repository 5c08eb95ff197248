# Imported by b_import_* cases (not a case itself: only cases/*.nix are cases).
{
  double = x: x * 2;
  fromSub = import ./sub/x.nix;
}
