# Fixpoints (SEMANTICS 1.6): inside `provides = { aspects, ... }:` the
# `aspects` argument is the SIBLING provides set (it shadows the top-level
# one); the top level is still reachable through the `@top` closure.
{ ... }:
{
  flake.aspects =
    { aspects, ... }@top:
    {
      five.nixos.nums = [ 5 ];
      nums.provides =
        { aspects, ... }:
        {
          one.nixos.nums = [ 1 ];
          two = {
            includes = [ aspects.one ];
            nixos.nums = [ 2 ];
          };
          viaTop = {
            includes = [
              top.aspects.five
              aspects.two
            ];
            nixos.nums = [ 0 ];
            nixos.siblingSeesFive = aspects ? five;
            nixos.siblingSeesTwo = aspects ? two;
            nixos.topSeesNums = top.aspects ? nums;
          };
        };
      user = {
        includes = [ aspects.nums._.viaTop ];
        nixos.nums = [ 100 ];
      };
    };
}
