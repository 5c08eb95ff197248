# perSystem for Aspect Playground: the options flake-parts gives every
# system's module (packages, apps, checks, devShells, formatter,
# legacyPackages; anything else is freeform), and the flake module that
# publishes one system's results as `flake.<output>.<system>`.
#
# `{ lib, evalPerSystem }`: `evalPerSystem` (Rust) evaluates the merged
# `perSystem` module for x86_64-linux with the `pkgs` stand-in.
{ lib, evalPerSystem }:
let
  inherit (lib) types mkOption;
  outputs = [ "packages" "apps" "checks" "devShells" "legacyPackages" ];
in
{
  # The options of a perSystem evaluation.
  options = {
    freeformType = types.lazyAttrsOf types.raw;
    options = lib.genAttrs outputs (name: mkOption {
      type = types.lazyAttrsOf types.raw;
      default = { };
      description = "perSystem ${name}";
    }) // {
      formatter = mkOption {
        type = types.nullOr types.raw;
        default = null;
        description = "perSystem formatter";
      };
    };
  };

  # The flake module: `flake.packages.x86_64-linux = ...` and friends.
  flakeModule = { config, ... }:
    let
      system = "x86_64-linux";
      evaluated = evalPerSystem config.perSystem;
    in
    {
      options.flake = mkOption {
        type = types.submoduleWith {
          modules = [{
            options = lib.genAttrs outputs (name: mkOption {
              type = types.lazyAttrsOf (types.lazyAttrsOf types.raw);
              default = { };
              description = "perSystem ${name}, by system";
            });
          }];
        };
      };
      config.flake = lib.genAttrs outputs (name: { ${system} = evaluated.${name}; });
    };
}
