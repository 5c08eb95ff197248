# undefined-option: a declared option without a default that no included
# aspect defines is accessed when the configuration is shown.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      decl.nixos =
        { lib, ... }:
        {
          options.networking.hostName = lib.mkOption { type = lib.types.str; };
        };
      named = {
        includes = [ aspects.decl ];
        nixos.networking.hostName = "igloo";
      };
      unnamed = {
        includes = [ aspects.decl ];
        nixos.networking = { };
      };
    };
}
