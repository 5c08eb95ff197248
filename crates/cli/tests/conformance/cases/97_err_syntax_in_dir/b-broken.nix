# Directory case (see a-good.nix): a missing semicolon.
{
  flake.aspects.broken.nixos.x = [ "broken" ]
  flake.aspects.other.nixos.x = [ "other" ];
}
