# undeclared-option: an aspect declares a submodule option WITHOUT a freeform
# type; an included aspect defines a key it does not have. Only modules that
# combine both fail.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      schema.nixos =
        { lib, ... }:
        {
          options.service = lib.mkOption {
            type = lib.types.submodule {
              options.enable = lib.mkEnableOption "the service";
              options.port = lib.mkOption {
                type = lib.types.port;
                default = 80;
              };
            };
            default = { };
          };
        };
      typo.nixos.service.prot = 8080;
      good.nixos.service.enable = true;
      broken = {
        includes = [
          aspects.schema
          aspects.typo
        ];
        nixos = { };
      };
      working = {
        includes = [
          aspects.schema
          aspects.good
        ];
        nixos = { };
      };
    };
}
