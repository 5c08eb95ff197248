# An include cycle: desktop includes audio, audio includes desktop.
#
# Nix itself never reports this: resolving builds an endlessly deep
# import tree until the evaluator runs out of memory. The playground
# notices when an aspect comes back on its own include path and names the
# cycle instead.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      desktop = {
        includes = [ aspects.audio ];
        nixos.services.xserver.enable = true;
      };

      audio = {
        includes = [ aspects.desktop ]; # <- closes the cycle
        nixos.services.pipewire.enable = true;
      };

      # Aspects outside the cycle still resolve.
      printing.nixos.services.printing.enable = true;
    };

  # Fix: remove one direction, e.g. let audio stand alone and have a host
  # include both desktop and audio.
}
