# A custom functor `self: { message }: ...` turns the aspect into a
# parametric one (SEMANTICS 1.4): the typed aspect reports the formals of
# what the functor returns. Applied in an include it gives an aspect;
# resolving the aspect itself calls it with { class, aspect-chain } and fails.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      greeter = {
        nixos.msgs = [ "greeter-own (dropped)" ];
        includes = [ aspects.dep ];
        __functor =
          self:
          { message }:
          {
            nixos.msgs = [ "message: ${message}" ];
            includes = self.includes;
          };
      };
      dep.nixos.msgs = [ "dep" ];
      user = {
        includes = [
          (aspects.greeter { message = "hi"; })
          (aspects.greeter { message = "bye"; })
        ];
        nixos.msgs = [ "user" ];
      };
    };
}
