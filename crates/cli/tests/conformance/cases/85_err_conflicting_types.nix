# conflicting-types: the freeform configuration gets an integer from one
# aspect and a string (or a list and a set) from another for the same key.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      as-int.nixos.value = 1;
      as-string.nixos.value = "one";
      as-list.nixos.shape = [ "list" ];
      as-set.nixos.shape.kind = "set";
      mixed-scalars = {
        includes = [
          aspects.as-int
          aspects.as-string
        ];
        nixos = { };
      };
      mixed-shapes = {
        includes = [ aspects.as-list ];
        nixos.shape.kind = "set";
      };
    };
}
