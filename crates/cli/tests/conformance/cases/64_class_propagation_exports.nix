# Which flake.modules entries exist (SEMANTICS 1.9): only aspects that define
# the class themselves; a top-level provider never appears under a real class.
# `.resolve { class }` and `.modules.<own class>` still work, shown through
# plain flake.modules definitions.
{ config, ... }:
let
  a = config.flake.aspects;
in
{
  flake.aspects =
    { aspects, ... }:
    {
      wifi = {
        nixos.net = [ "wifi" ];
        darwin.net = [ "wifi-darwin" ];
      };
      laptop = {
        includes = [ aspects.wifi ];
        nixos.net = [ "laptop" ];
      };
      bare.includes = [ aspects.wifi ];
      prov =
        { class, ... }:
        {
          ${class}.net = [ "from prov for ${class}" ];
        };
      user = {
        includes = [ aspects.prov ];
        nixos = { };
      };
    };
  flake.modules.darwin.laptop-resolved = a.laptop.resolve { class = "darwin"; };
  flake.modules.nixos.bare-resolved = a.bare.resolve { class = "nixos"; };
  flake.modules.nixos.laptop-modules = a.laptop.modules.nixos;
  flake.modules.homeManager.prov-resolved = a.user.resolve { class = "homeManager"; };
}
