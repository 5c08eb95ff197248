# Directory case, file 1 of 3: the aspect `desk` is spread over three files
# (SEMANTICS 1.7): classes merge, includes concatenate, provides keys unite,
# an identical description is fine. The includes order is the module-system
# definition order, which depends on the shape of each definition (this file
# defines `flake.aspects` as a function, 20-extras.nix as attrsets).
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      desk = {
        description = "a desk";
        nixos.items = [ "core" ];
        includes = [ aspects.lamp ];
        _.drawer.nixos.items = [ "drawer-core" ];
      };
      lamp.nixos.items = [ "lamp" ];
    };
}
