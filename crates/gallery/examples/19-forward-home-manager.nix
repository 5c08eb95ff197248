# `forward` (from flake-aspects' lib) resolves an aspect for one class and
# places the result at a path of another class: the classic use is a
# user's homeManager module forwarded into the host's
# `home-manager.users.<name>`.
{ inputs, lib, ... }:
let
  inherit (inputs.flake-aspects.lib lib) forward;
  # Stand-in for inputs.home-manager.nixosModules.home-manager, which
  # declares home-manager.users as a set of submodules.
  home-manager-module = {
    options.home-manager.users = lib.mkOption {
      type = lib.types.attrsOf (
        lib.types.submodule { freeformType = lib.types.lazyAttrsOf lib.types.anything; }
      );
      default = { };
    };
  };
in
{
  flake.aspects =
    { aspects, ... }:
    {
      alice = {
        nixos.users.users.alice.isNormalUser = true;
        homeManager.programs.git.enable = true;
        homeManager.programs.helix.enable = true;
      };

      laptop = {
        nixos.imports = [ home-manager-module ];
        includes = [
          aspects.alice # alice's nixos module
          (forward {
            each = [ "alice" ];
            fromClass = _user: "homeManager";
            intoClass = _user: "nixos";
            intoPath = user: [ "home-manager" "users" user ];
            fromAspect = user: aspects.${user};
          })
        ];
      };
    };
}
