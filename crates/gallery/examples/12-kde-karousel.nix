# A provider that decides per caller, after the README's kde-desktop
# example: `karousel` (a scrolling-tiling KWin script) only makes sense
# on NixOS, and not on the home server.
#
# A provider may return nothing for a class: `{ }` contributes nothing,
# with no error.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      kde-desktop = {
        nixos.services.desktopManager.plasma6.enable = true;

        _.karousel =
          { aspect-chain, class }:
          let
            host = (lib.head aspect-chain).name; # the root being resolved
          in
          if class == "nixos" && host != "home-server" then
            {
              nixos =
                { pkgs, ... }:
                {
                  environment.systemPackages = [ pkgs.kdePackages.karousel ];
                };
            }
          else
            { };
      };

      workstation = {
        includes = [
          aspects.kde-desktop
          aspects.kde-desktop._.karousel
        ];
        nixos.networking.hostName = "workstation";
        darwin.system.defaults.dock.autohide = true;
      };

      home-server = {
        includes = [ aspects.kde-desktop._.karousel ];
        nixos.services.openssh.enable = true;
      };
    };
}
