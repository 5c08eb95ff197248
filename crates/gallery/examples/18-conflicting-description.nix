-- my-flake/modules/printing.nix --
# Two files describe the same aspect differently.
#
# `description` is a string option without a merge rule: two different
# values are an error ("conflicting definition values"). Identical values
# are fine, and lib.mkForce / lib.mkDefault would settle it.
{ ... }:
{
  flake.aspects.printing = {
    description = "Office printer";
    nixos.services.printing.enable = true;
  };
}
-- my-flake/modules/labels.nix --
# The class modules still merge: resolving never reads the description.
{ ... }:
{
  flake.aspects.printing = {
    description = "Label printer";
    nixos =
      { pkgs, ... }:
      {
        services.printing.drivers = [ pkgs.dymo-cups-drivers ];
      };
  };
}
