# Lesson 7: parametric providers.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      system._.user = userName: {
        nixos.users.users.${userName}.isNormalUser = true;
        darwin.system.primaryUser = userName;
      };

      workstation = {
        includes = [
          (aspects.system._.user "alice")
          (aspects.system._.user "bob")
        ];
        nixos.networking.hostName = "workstation";
      };

      mac-mini = {
        includes = [ (aspects.system._.user "alice") ];
        darwin.networking.hostName = "mac-mini";
      };
    };
}
