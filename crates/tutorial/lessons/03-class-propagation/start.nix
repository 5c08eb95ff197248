# Lesson 3: which classes propagate.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      wifi = {
        nixos.networking.wireless.iwd.enable = true;
        homeManager.services.network-manager-applet.enable = true;
      };

      laptop = {
        includes = [ aspects.wifi ];
        nixos.services.tlp.enable = true;
      };

      # Only includes, no class of its own.
      connectivity.includes = [ aspects.wifi ];
    };
}
