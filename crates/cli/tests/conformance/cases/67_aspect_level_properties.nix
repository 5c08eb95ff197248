# Module-system properties at the ASPECT level: mkMerge of whole aspect
# definitions, mkDefault on description, mkIf on includes, mkBefore/mkAfter
# ordering includes, and a class whose only definition is `mkIf false`.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      merged = lib.mkMerge [
        { nixos.x = [ "m1" ]; }
        {
          darwin.x = [ "m2" ];
          description = lib.mkDefault "default desc";
        }
      ];
      conditional = {
        darwin.x = [ "on" ];
        includes = lib.mkIf true [ aspects.dep ];
        homeManager = lib.mkIf false { x = [ "off" ]; };
      };
      ordered = {
        includes = lib.mkMerge [
          [ aspects.dep ]
          (lib.mkBefore [ aspects.early ])
          (lib.mkAfter [ aspects.late ])
        ];
        nixos.x = [ "ordered" ];
        description = lib.mkForce "forced desc";
      };
      dep.nixos.x = [ "dep" ];
      early.nixos.x = [ "early" ];
      late.nixos.x = [ "late" ];
    };
}
