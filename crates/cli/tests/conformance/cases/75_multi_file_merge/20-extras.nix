# Directory case, file 2 of 3 (see 10-core.nix).
{ config, ... }:
{
  flake.aspects.desk = {
    description = "a desk";
    nixos.items = [ "extras" ];
    darwin.items = [ "extras-darwin" ];
    includes = [ config.flake.aspects.chair ];
    provides.drawer.darwin.items = [ "drawer-darwin" ];
    provides.shelf.nixos.items = [ "shelf" ];
  };
  flake.aspects.chair.nixos.items = [ "chair" ];
}
