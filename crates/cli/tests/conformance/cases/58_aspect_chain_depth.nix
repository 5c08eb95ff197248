# What aspect-chain holds (SEMANTICS 1.8): the provided values from the root
# down to the includer; head is the root, last the direct includer. The
# same provider reached at three depths and through provides reports it.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      probe._.where =
        { class, aspect-chain }:
        {
          ${class}.where = [
            "class=${class} len=${toString (builtins.length aspect-chain)} head=${(lib.head aspect-chain).name} last=${(lib.last aspect-chain).name}"
          ];
        };
      root = {
        includes = [
          aspects.probe._.where
          aspects.middle
        ];
        nixos.where = [ "root" ];
        homeManager.where = [ "root-hm" ];
      };
      middle = {
        includes = [
          aspects.probe._.where
          aspects.middle._.deeper
        ];
        nixos.where = [ "middle" ];
        _.deeper.includes = [ aspects.probe._.where ];
      };
    };
}
