# Lesson 6: providers of the context { class, aspect-chain }.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      motd._.banner =
        { class, aspect-chain }:
        let
          host = (lib.head aspect-chain).name;
        in
        {
          ${class}.environment.etc.motd.text = "Welcome to ${host} (${class})";
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
