# A silent pitfall: a parametric provider included without its argument.
#
# Resolution calls every include with { class, aspect-chain }. Here that
# record lands in `userName`, and the result is still a function, not an
# aspect. Nix then contributes nothing for it, and says nothing. The
# playground flags the include.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      system._.user =
        userName:
        { class, ... }:
        if class == "darwin" then
          { darwin.system.primaryUser = userName; }
        else
          { ${class}.users.users.${userName}.isNormalUser = true; };

      workstation = {
        includes = [
          (aspects.system._.user "alice") # applied: alice is a user
          aspects.system._.user # forgot "bob": contributes nothing!
        ];
        nixos.networking.hostName = "workstation";
      };
    };

  # Fix: (aspects.system._.user "bob")
}
