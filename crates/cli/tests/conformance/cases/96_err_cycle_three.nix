# A three-step include cycle that goes through provides: a -> b._.p -> c -> a.
# Metadata is fine; resolving any member never terminates; `outside`, which
# includes nothing of the cycle, is fine.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      a = {
        includes = [ aspects.b._.p ];
        nixos.n = [ "a" ];
      };
      b._.p = {
        includes = [ aspects.c ];
        nixos.n = [ "b.p" ];
      };
      c = {
        includes = [ aspects.a ];
        nixos.n = [ "c" ];
      };
      outside.nixos.n = [ "outside" ];
    };
}
