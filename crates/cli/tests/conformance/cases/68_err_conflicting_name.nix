# name/description are `str` with equal-merge (SEMANTICS 1.7): identical
# values are fine, mkForce resolves a conflict, two different names are an
# error for that aspect only (its class modules still resolve).
{ lib, ... }:
{
  imports = [
    {
      flake.aspects.fixed = {
        description = "first";
        nixos.x = [ "fixed-1" ];
      };
      flake.aspects.named = {
        name = "alpha";
        nixos.n = [ "named-1" ];
      };
      flake.aspects.same.description = "identical";
    }
    {
      flake.aspects.fixed.description = lib.mkForce "forced wins";
      flake.aspects.named.name = "beta";
      flake.aspects.same = {
        description = "identical";
        nixos = { };
      };
    }
  ];
}
