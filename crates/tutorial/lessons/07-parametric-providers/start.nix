# Lesson 7: parametric providers.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      system._.user = userName: {
        nixos.users.users.${userName}.isNormalUser = true;
      };

      workstation = {
        includes = [ (aspects.system._.user "alice") ];
        nixos.networking.hostName = "workstation";
      };

      mac-mini.darwin.networking.hostName = "mac-mini";
    };
}
