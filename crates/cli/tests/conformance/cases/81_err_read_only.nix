# read-only: a readOnly option defined twice, by two aspects included
# together; once is fine. `decl` alone declares the option (no default) and
# defines nothing: showing its configuration accesses an option without a
# value (undefined-option).
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      decl.nixos =
        { lib, ... }:
        {
          options.system.stamp = lib.mkOption {
            type = lib.types.str;
            readOnly = true;
          };
        };
      first.nixos.system.stamp = "first";
      second.nixos.system.stamp = "second";
      once = {
        includes = [
          aspects.decl
          aspects.first
        ];
        nixos = { };
      };
      twice = {
        includes = [
          aspects.decl
          aspects.first
          aspects.second
        ];
        nixos = { };
      };
    };
}
