# `{ aspect, ... }:` is a module function at top level, but under provides
# there is no isSubmoduleFn escape (SEMANTICS 1.5): it is a curried provider,
# and including it fails with a missing `aspect` argument. The same function
# with `lib` at top level is an aspect.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      top-fn =
        { aspect, lib, ... }:
        {
          nixos.names = [ (lib.toUpper aspect.name) ];
        };
      owner._.sub =
        { aspect, ... }:
        {
          nixos.names = [ aspect.name ];
        };
      user = {
        includes = [
          aspects.owner._.sub
          aspects.top-fn
        ];
        nixos.names = [ "user" ];
      };
      ok = {
        includes = [ aspects.top-fn ];
        nixos.names = [ "ok" ];
      };
    };
}
