# option-type errors: at module level, a declared `port` option given a
# string by an included aspect; at aspect level, a `name` that is not a
# string. Other aspects and modules are fine.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      web-options.nixos =
        { lib, ... }:
        {
          options.web.port = lib.mkOption {
            type = lib.types.port;
            default = 443;
          };
        };
      bad-port = {
        includes = [ aspects.web-options ];
        nixos.web.port = "eighty";
      };
      good-port = {
        includes = [ aspects.web-options ];
        nixos.web.port = 8443;
      };
      numbered = {
        name = 5;
        nixos.x = [ "numbered" ];
      };
    };
}
