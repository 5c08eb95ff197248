# provides nested ten levels deep: the schema shows provides down to depth 8
# (deeper levels are cut off), and including the deepest one resolves fine.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      l0 = {
        nixos.depth = [ 0 ];
        _.l1 = {
          nixos.depth = [ 1 ];
          _.l2._.l3 = {
            nixos.depth = [ 3 ];
            _.l4._.l5._.l6 = {
              nixos.depth = [ 6 ];
              _.l7._.l8._.l9._.l10.nixos.depth = [ 10 ];
            };
          };
        };
      };
      user = {
        includes = [
          aspects.l0._.l1._.l2._.l3._.l4._.l5._.l6._.l7._.l8._.l9._.l10
          aspects.l0._.l1._.l2._.l3
        ];
        nixos.depth = [ (-1) ];
      };
    };
}
