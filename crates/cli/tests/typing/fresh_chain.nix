# What providers see of aspects typed from one plain set: the aspect-chain
# (its aspects' attribute names and values), an aspect defined in two
# files' worth of definitions (which goes the evaluation's way), and
# `modules` / `resolve` of fresh aspects read directly; the root of a
# resolution (the aspect module's `config`, which has `_module`) seen from
# a fresh aspect and from one typed again.
{ lib, config, ... }:
{
  imports = [
    { flake.aspects.twice = { nixos.second = 2; }; }
  ];
  # `inner` typed again (as an include of `looker`), resolved from itself.
  flake.modules.nixos.retypedInner =
    let
      include = lib.elemAt config.flake.aspects.looker.includes 2;
      retyped = include { class = "nixos"; aspect-chain = [ ]; };
    in
    retyped.resolve { class = "nixos"; };
  flake.aspects = { aspects, ... }: {
    twice = { nixos.first = 1; description = "two definitions"; };
    looker = {
      includes = [
        ({ aspect-chain, class }: {
          ${class} = {
            chainNames = map (a: builtins.attrNames a) aspect-chain;
            chainFirst = (lib.head aspect-chain).name;
            chainDescriptions = map (a: a.description) aspect-chain;
          };
        })
        aspects.twice
        aspects.inner
      ];
      nixos.own = 1;
    };
    inner = {
      includes = [
        ({ aspect-chain, ... }: { nixos.depth = builtins.length aspect-chain; })
        ({ aspect-chain, class }: {
          ${class} = {
            rootNames = builtins.attrNames (lib.head aspect-chain);
            rootModuleArgs = builtins.attrNames (lib.head aspect-chain)._module.args;
          };
        })
      ];
      nixos.inner = true;
      darwin.inner = true;
    };
    reader = {
      nixos.modulesNames = builtins.attrNames aspects.inner.modules;
      nixos.resolved = builtins.attrNames (aspects.inner.resolve { class = "nixos"; });
      nixos.functorArgs = builtins.attrNames (lib.functionArgs aspects.inner);
    };
  };
}
