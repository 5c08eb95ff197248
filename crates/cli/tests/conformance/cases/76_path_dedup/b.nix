# Directory case, file 2 of 2 (see a.nix).
{ ... }:
{
  imports = [
    ../helpers/shared-flake-module.nix
    ../helpers/shared-flake-module.nix
    (import ../helpers/inline-flake-module.nix)
  ];
  flake.aspects =
    { aspects, ... }:
    {
      user = {
        includes = [ aspects.shared ];
        nixos.loaded = [ "user" ];
      };
    };
}
