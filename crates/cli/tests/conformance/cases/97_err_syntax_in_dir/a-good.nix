# Directory case: this file is fine, b-broken.nix does not parse, so the
# whole evaluation fails with a syntax error.
{
  flake.aspects.good.nixos.x = [ "good" ];
}
