# Catchable errors (kind `other`): a provider that throws when called, and an
# assert in a class module. The include probe of the throwing provider gets a
# catchable error, so its probed name is null.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      picky._.only-nixos =
        { class, ... }:
        if class == "nixos" then
          { nixos.picked = [ "nixos" ]; }
        else
          throw "picky: class ${class} is not supported";
      host = {
        includes = [ aspects.picky._.only-nixos ];
        nixos.picked = [ "host" ];
        darwin.picked = [ "host" ];
      };
      checked.nixos =
        let
          level = 3;
        in
        assert level > 10;
        {
          inherit level;
        };
    };
}
