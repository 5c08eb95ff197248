# `_` is an alias of `provides` (SEMANTICS 1.3, 1.7): definitions written
# with either spelling, in two modules, merge into ONE provides set; the same
# key defined through both spellings merges into one aspect.
[
  {
    flake.aspects.tools = {
      _.hammer.nixos.kit = [ "hammer-1" ];
      provides.saw.nixos.kit = [ "saw" ];
    };
  }
  {
    flake.aspects.tools = {
      provides.hammer.nixos.kit = [ "hammer-2" ];
      _.hammer.darwin.kit = [ "hammer-darwin" ];
      _.drill.description = "only via underscore";
    };
  }
  (
    { config, ... }:
    {
      flake.aspects.builder = {
        includes = [
          config.flake.aspects.tools._.hammer
          config.flake.aspects.tools.provides.saw
          config.flake.aspects.tools.provides.drill
        ];
        nixos = { };
        darwin = { };
      };
    }
  )
]
