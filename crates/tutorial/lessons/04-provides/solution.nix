# Lesson 4: sub-aspects with provides and `_`.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      gaming = {
        nixos.programs.steam.enable = true;

        _.emulation = {
          _.nes.nixos =
            { pkgs, ... }:
            {
              environment.systemPackages = [ pkgs.fceux ];
            };
          provides.gba.nixos =
            { pkgs, ... }:
            {
              environment.systemPackages = [ pkgs.mgba ];
            };
        };
      };

      retro-handheld = {
        includes = with aspects.gaming._.emulation._; [
          nes
          gba
        ];
        nixos.networking.hostName = "handheld";
      };
    };
}
