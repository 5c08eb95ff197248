# wrong-value-type at module level: a provider computes a class value with a
# builtin applied to the wrong type; it fails only when the module is shown.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      util._.keys =
        { class, ... }:
        {
          ${class}.keys = builtins.attrNames class;
        };
      host = {
        includes = [ aspects.util._.keys ];
        nixos.ok = true;
      };
      neighbour.nixos.ok = true;
    };
}
