# The top-level `aspects` argument and config.flake.aspects are the same
# fully merged set across modules (SEMANTICS 1.6): a module may include an
# aspect that another, later module defines, and see classes that a third
# module adds to it.
[
  (
    { config, ... }:
    {
      flake.aspects.consumer = {
        includes = [ config.flake.aspects.provider ];
        nixos.seen = [ "consumer" ];
        nixos.providerClasses = builtins.attrNames (
          removeAttrs config.flake.aspects.provider [
            "name"
            "description"
            "includes"
            "provides"
            "_"
            "__functor"
            "modules"
            "resolve"
          ]
        );
      };
    }
  )
  {
    flake.aspects =
      { aspects, ... }:
      {
        provider.nixos.seen = [ "provider" ];
        second = {
          includes = [ aspects.consumer ];
          nixos.seen = [ "second" ];
        };
      };
  }
  { flake.aspects.provider.darwin.seen = [ "provider-darwin" ]; }
]
