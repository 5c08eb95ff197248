# Directory case, file 2 of 3 (see a-first.nix).
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      shape = {
        includes = [ aspects.from-b ];
        nixos.winner = [ "own class (dropped by the functor)" ];
        __functor = self: {
          includes = self.includes;
          nixos.winner = [ "b-second" ];
        };
      };
      from-b.nixos.winner = [ "include from b" ];
    };
}
