# coercion: string interpolation of an attribute set inside a provider's
# class module; the provider is fine until its result is shown.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      fmt._.label =
        { class, ... }:
        {
          ${class}.label = "label: ${{ not = "a string"; }}";
        };
      tagged = {
        includes = [ aspects.fmt._.label ];
        nixos.other = true;
      };
      plain.nixos.label = "plain";
    };
}
