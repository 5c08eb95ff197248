# Directory case, file 3 of 3 (see a-first.nix).
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      shape = {
        includes = [ aspects.from-c ];
        __functor = self: {
          includes = self.includes;
          nixos.winner = [ "c-third" ];
        };
      };
      from-c.nixos.winner = [ "include from c" ];
      user = {
        includes = [ aspects.shape ];
        nixos.winner = [ "user" ];
      };
    };
}
