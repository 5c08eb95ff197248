# Direct providers with strict formals (SEMANTICS 1.5): `{ class }:` and
# `{ aspect-chain }:` are classified as direct providers, but resolve always
# passes BOTH arguments; `{ aspect-chain, ... }:` works. Top-level ones.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      only-class =
        { class }:
        {
          ${class}.v = [ "only-class" ];
        };
      only-chain =
        { aspect-chain }:
        {
          nixos.v = [ "only-chain" ];
        };
      chain-ok =
        { aspect-chain, ... }:
        {
          nixos.v = [ "chain-ok under ${lib.concatMapStringsSep "," (a: a.name) aspect-chain}" ];
        };
      a = {
        includes = [ aspects.only-class ];
        nixos.v = [ "a" ];
      };
      b = {
        includes = [ aspects.only-chain ];
        nixos.v = [ "b" ];
      };
      c = {
        includes = [ aspects.chain-ok ];
        nixos.v = [ "c" ];
      };
    };
}
