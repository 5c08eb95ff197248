# Lesson 6: providers of the context { class, aspect-chain }.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      motd._.banner =
        { class, aspect-chain }:
        {
          nixos.environment.etc.motd.text = "Welcome";
        };

      laptop = {
        includes = [ aspects.motd._.banner ];
        nixos = { };
        darwin = { };
      };

      server = {
        includes = [ aspects.motd._.banner ];
        nixos = { };
      };
    };
}
