# Module-system properties inside class modules merged across includes:
# mkMerge, mkIf true/false (an attribute whose definitions are all false is
# absent), mkBefore/mkAfter/mkOrder, mkDefault and mkForce.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      base.nixos = lib.mkMerge [
        { list = lib.mkAfter [ "base-after" ]; }
        { list = lib.mkBefore [ "base-before" ]; }
        (lib.mkIf false {
          list = [ "never" ];
          gone = true;
        })
        {
          maybe = lib.mkIf false "hidden";
          port = lib.mkDefault 80;
          forced = "base";
        }
      ];
      top = {
        includes = [ aspects.base ];
        nixos = {
          list = [ "top" ];
          port = 8080;
          forced = lib.mkForce "top-forced";
          nested.a = lib.mkIf true 1;
          nested.b = lib.mkIf false 2;
          order = lib.mkOrder 10 [ "first" ];
        };
      };
      other = {
        includes = [ aspects.base ];
        nixos = {
          forced = lib.mkOverride 40 "other-override";
          order = [ "default-order" ];
          port = lib.mkDefault 80;
        };
      };
    };
}
