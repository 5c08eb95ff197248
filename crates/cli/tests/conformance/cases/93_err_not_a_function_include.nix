# not-a-function at aspect level: an includes element calls an aspect's name
# (a string) as a function; forcing the includes list fails, so the aspect
# record and its modules fail, other aspects are fine.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      target.nixos.x = [ "target" ];
      caller = {
        includes = [ (aspects.target.name "argument") ];
        nixos.x = [ "caller" ];
      };
    };
}
