# Which classes propagate through `includes`?
#
# Resolution follows includes for one class at a time, and
# `flake.modules.<class>.<aspect>` exists only when the aspect itself
# defines that class. Its includes alone are not enough.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      wifi = {
        nixos.networking.wireless.iwd.enable = true;
        homeManager.services.network-manager-applet.enable = true;
      };

      # laptop has a nixos module only: it gets wifi's nixos part, and
      # there is no flake.modules.homeManager.laptop at all.
      laptop = {
        includes = [ aspects.wifi ];
        nixos.services.tlp.enable = true;
      };

      # A bundle without any class of its own is exported nowhere...
      headless-bundle.includes = [ aspects.wifi ];

      # ...until it declares the class, even as an empty module.
      tray-bundle = {
        includes = [ aspects.wifi ];
        homeManager = { }; # required for propagation
      };
    };
}
