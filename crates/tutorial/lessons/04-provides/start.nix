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
        };
      };

      retro-handheld = {
        includes = [ aspects.gaming ];
        nixos.networking.hostName = "handheld";
      };
    };
}
