# `forward` from inputs.flake-aspects.lib (SEMANTICS 1.10): each user's
# homeManager class is resolved (with its includes) and imported into
# nixos `home-manager.users.<name>`, a submodule option declared by another
# aspect. The forwarding provider is included by the host.
{ inputs, lib, ... }:
let
  fa = inputs.flake-aspects.lib lib;
in
{
  flake.aspects =
    { aspects, ... }:
    {
      hm-option.nixos =
        { lib, ... }:
        {
          options.home-manager.users = lib.mkOption {
            type = lib.types.attrsOf (
              lib.types.submodule {
                freeformType = lib.types.lazyAttrsOf lib.types.anything;
                options.programs = lib.mkOption {
                  type = lib.types.listOf lib.types.str;
                  default = [ ];
                };
              }
            );
            default = { };
          };
        };
      alice = {
        homeManager.programs = [ "vim" ];
        homeManager.shell = "zsh";
        includes = [ aspects.common-hm ];
      };
      bob.homeManager.programs = [ "emacs" ];
      common-hm.homeManager.programs = [ "git" ];
      host = {
        nixos.hostName = "igloo";
        includes = [
          aspects.hm-option
          (fa.forward {
            each = [
              "alice"
              "bob"
            ];
            fromClass = _: "homeManager";
            intoClass = _: "nixos";
            intoPath = user: [
              "home-manager"
              "users"
              user
            ];
            fromAspect = user: aspects.${user};
          })
        ];
      };
    };
}
