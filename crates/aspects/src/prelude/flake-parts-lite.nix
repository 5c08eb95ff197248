# The parts of flake-parts a playground flake needs, written for Aspect
# Playground: the `flake` output set (freeform), `flake.modules` from
# flake-parts' modules module (each module tagged with its `_class`), and
# `perSystem` (kept as a module, not evaluated here).
{ lib }:
let
  inherit (lib) types mkOption;
in
{
  flake = {
    options.flake = mkOption {
      type = types.submoduleWith {
        modules = [{ freeformType = types.lazyAttrsOf types.raw; }];
      };
      default = { };
      description = "The flake's outputs.";
    };
    options.perSystem = mkOption {
      type = types.deferredModule;
      default = { };
      description = "Per-system outputs (shown, not evaluated).";
    };
    options.systems = mkOption {
      type = types.listOf types.str;
      default = [ "x86_64-linux" ];
    };
  };

  modules = {
    options.flake = mkOption {
      type = types.submoduleWith {
        modules = [{
          options.modules = mkOption {
            type = types.lazyAttrsOf (types.lazyAttrsOf types.deferredModule);
            default = { };
            apply = lib.mapAttrs (class: lib.mapAttrs (_: module: {
              _class = class;
              imports = [ module ];
            }));
            description = "Modules by class and name (flake-parts' flake.modules).";
          };
        }];
      };
    };
  };
}
