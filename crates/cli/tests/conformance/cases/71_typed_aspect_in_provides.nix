# A typed aspect assigned into a provides slot (SEMANTICS 1.5): with the
# default functor it is re-typed as an opaque direct provider (only
# __functionArgs/__functor survive, so its own provides are unreachable), but
# including it still resolves the original aspect. Merging a plain attrset
# into the same slot keeps it an aspect.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      b = {
        nixos.from = [ "b" ];
        _.sub.nixos.from = [ "b-sub" ];
      };
      a = {
        provides.alias = aspects.b;
        provides.kept = aspects.b;
        nixos.from = [ "a" ];
      };
      user = {
        includes = [
          aspects.a._.alias
          aspects.a._.kept
        ];
        nixos.from = [ "user" ];
        nixos.aliasKeys = builtins.attrNames aspects.a._.alias;
        nixos.keptIsAspect = aspects.a._.kept ? name;
      };
    };
  imports = [ { flake.aspects.a.provides.kept.nixos.from = [ "kept-extra" ]; } ];
}
