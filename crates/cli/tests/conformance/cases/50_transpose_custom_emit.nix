# transpose with a custom emit, called through inputs.flake-aspects.lib on
# plain data (SEMANTICS 1.2): emit drops items (returns []), renames parents,
# rewrites values and fans one item out into two; later items overwrite
# earlier ones for the same parent/child. The results are shown as values of
# a plain (dendritic) flake.modules definition.
{ inputs, lib, ... }:
let
  fa = inputs.flake-aspects.lib lib;
  data = {
    alpha = {
      nixos = 1;
      darwin = 2;
      skip = 3;
    };
    beta = {
      nixos = 10;
      homeManager = 20;
    };
    gamma = { };
  };
  emit =
    { child, parent, value }:
    if parent == "skip" then
      [ ]
    else if parent == "homeManager" then
      [
        {
          parent = "hm";
          inherit child;
          value = value * 2;
        }
        {
          parent = "hm-copy";
          child = "${child}-copy";
          inherit value;
        }
      ]
    else
      [
        {
          inherit child parent;
          value = "${child}:${parent}=${toString value}";
        }
      ];
  collide = fa.transpose {
    emit =
      { child, parent, ... }:
      [
        {
          parent = "all";
          child = "same";
          value = "${child}.${parent}";
        }
      ];
  } data;
in
{
  flake.modules.nixos.transposed = {
    custom = fa.transpose { inherit emit; } data;
    inherit collide;
  };
}
