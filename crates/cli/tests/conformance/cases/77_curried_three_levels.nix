# Curried providers three levels deep, fully applied, partially applied
# (resolve calls the remaining function with { class, aspect-chain }: a
# provider result), and a curried provider ending in a { class, ... }
# context function.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      mk._.triple =
        a: b: c: {
          nixos.parts = [ "${a}-${b}-${c}" ];
        };
      mk._.ctx =
        a: b:
        { class, aspect-chain }:
        {
          ${class}.parts = [ "${a}/${b} for ${class} under ${(builtins.head aspect-chain).name}" ];
        };
      host = {
        includes = with aspects.mk._; [
          (triple "x" "y" "z")
          (triple "only" "two")
          (ctx "p" "q")
          (ctx "just-one")
        ];
        nixos.parts = [ "host" ];
      };
    };
}
