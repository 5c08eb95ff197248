# Aspects form a tree: sub-aspects live under `provides`, and `_` is a
# shorter alias for it (`gaming._.emulation._.nes` is
# `gaming.provides.emulation.provides.nes`).
#
# Sub-aspects are never exported to flake.modules and never included
# automatically: an aspect picks the exact pieces it wants.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      gaming = {
        description = "Games and launchers";
        nixos.programs.steam.enable = true;
        darwin.homebrew.casks = [ "steam" ];

        _.emulation = {
          nixos = { pkgs, ... }: { environment.systemPackages = [ pkgs.retroarch ]; };
          # `_` and `provides` merge into one set.
          _.nes.nixos = { pkgs, ... }: { environment.systemPackages = [ pkgs.fceux ]; };
          provides.gba.nixos = { pkgs, ... }: { environment.systemPackages = [ pkgs.mgba ]; };
          # Siblings are reached through the top-level `aspects` fixpoint.
          includes = with aspects.gaming._.emulation._; [
            nes
            gba
          ];
        };
      };

      # Everything: gaming itself plus all the emulators.
      living-room-pc = {
        includes = [
          aspects.gaming
          aspects.gaming._.emulation
        ];
        nixos.networking.hostName = "living-room";
      };

      # Only one emulator, no Steam.
      retro-handheld = {
        includes = [ aspects.gaming._.emulation._.gba ];
        nixos.networking.hostName = "handheld";
      };
    };
}
