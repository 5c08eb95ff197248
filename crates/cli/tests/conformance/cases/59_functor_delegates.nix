# A custom functor whose constant result is another typed aspect: resolve
# applies the result again (it is callable), so `alias` resolves to
# `target` (plus nothing of its own), for every class alias declares.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      target = {
        nixos.from = [ "target" ];
        darwin.from = [ "target-darwin" ];
        includes = [ aspects.dep ];
      };
      dep.nixos.from = [ "dep" ];
      alias = {
        nixos.from = [ "alias-own (dropped)" ];
        homeManager.from = [ "alias-hm-own (dropped)" ];
        __functor = _self: aspects.target;
      };
      user = {
        includes = [ aspects.alias ];
        nixos.from = [ "user" ];
      };
    };
}
