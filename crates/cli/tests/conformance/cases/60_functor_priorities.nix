# Merging several __functor definitions (SEMANTICS 1.4): priorities are
# filtered first (mkForce beats plain, plain beats mkDefault, whatever the
# order), then the last remaining definition in module-system order wins.
# For sibling imports that is the one imported LAST (`plain`), not the first
# one as SEMANTICS 1.4 warns. Functors are never combined.
{ lib, ... }:
let
  functor = tag: self: {
    includes = self.includes;
    nixos.winner = [ tag ];
  };
in
{
  imports = [
    {
      flake.aspects.forced.__functor = functor "plain-1";
      flake.aspects.defaulted.__functor = lib.mkDefault (functor "default-1");
      flake.aspects.plain.__functor = functor "plain-first-listed";
    }
    {
      flake.aspects.forced.__functor = lib.mkForce (functor "forced-2");
      flake.aspects.defaulted.__functor = functor "plain-2";
      flake.aspects.plain.__functor = functor "plain-second-listed";
    }
    {
      flake.aspects.forced.__functor = functor "plain-3";
      flake.aspects.defaulted.__functor = lib.mkDefault (functor "default-3");
    }
  ];
  flake.aspects =
    { aspects, ... }:
    {
      dep.nixos.winner = [ "dep" ];
      forced = {
        nixos.winner = [ "forced-own (dropped)" ];
        includes = [ aspects.dep ];
      };
      defaulted.nixos.winner = [ "defaulted-own (dropped)" ];
      plain.nixos.winner = [ "plain-own (dropped)" ];
    };
}
