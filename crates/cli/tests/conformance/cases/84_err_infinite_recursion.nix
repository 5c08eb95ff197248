# infinite-recursion: a class module whose value depends on itself (module
# level), and an aspect whose name is defined through its own merged name
# (aspect level); unrelated aspects are fine.
{ ... }:
{
  flake.aspects = {
    selfref.nixos =
      { config, ... }:
      {
        x = config.x;
      };
    loop =
      { aspect, ... }:
      {
        name = aspect.name;
        nixos.y = 1;
      };
    fine.nixos.z = [ "fine" ];
  };
}
