# Directory case, file 1 of 3. The same aspect `shape` gets a __functor in
# every file (all three written as `flake.aspects = { aspects, ... }: ...`).
# The last definition in module-system order wins, and with sibling files
# that is the file imported LAST (c-third.nix), not the first one as
# SEMANTICS 1.4 warns. The winner keeps the includes merged from all files.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      shape = {
        includes = [ aspects.from-a ];
        __functor = self: {
          includes = self.includes;
          nixos.winner = [ "a-first" ];
        };
      };
      from-a.nixos.winner = [ "include from a" ];
    };
}
