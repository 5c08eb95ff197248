# Directory case, file 3 of 3 (see 10-core.nix).
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      desk.homeManager.items = [ "hm" ];
      office = {
        includes = [
          aspects.desk
          aspects.desk._.drawer
          aspects.desk._.shelf
        ];
        nixos.items = [ "office" ];
        darwin = { };
      };
    };
}
