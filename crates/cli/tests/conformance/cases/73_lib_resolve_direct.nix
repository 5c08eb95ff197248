# `resolve` from inputs.flake-aspects.lib used directly in plain
# flake.modules definitions (SEMANTICS 1.8): positional class, aspect-chain
# and aspect; a provider gets the chain it is given; an aspect without the
# class still contributes its includes; an untyped attrset works too.
{ inputs, lib, config, ... }:
let
  fa = inputs.flake-aspects.lib lib;
  a = config.flake.aspects;
in
{
  flake.aspects =
    { aspects, ... }:
    {
      chainy =
        { class, aspect-chain }:
        {
          ${class}.got = [ "chain=${lib.concatMapStringsSep "," (x: x.name or "?") aspect-chain}" ];
        };
      noClass.includes = [ aspects.withClass ];
      withClass.darwin.got = [ "withClass" ];
    };
  flake.modules.nixos.fromProvider = fa.resolve "nixos" [ { name = "fake-root"; } ] a.chainy;
  flake.modules.darwin.fromNoClass = fa.resolve "darwin" [ ] a.noClass;
  flake.modules.darwin.untyped = fa.resolve "darwin" [ ] {
    darwin.got = [ "untyped" ];
    includes = [ a.chainy ];
  };
}
