# missing-attribute inside a class module function: it reads config and
# lib attributes that do not exist. Metadata is fine; only the modules that
# contain the function fail.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      reader.nixos =
        { config, ... }:
        {
          copy = config.source.value;
        };
      source.nixos.source.value = "here";
      joined = {
        includes = [
          aspects.reader
          aspects.source
        ];
        nixos = { };
      };
      libbed.nixos =
        { lib, ... }:
        {
          x = lib.noSuchFunction 1;
        };
    };
}
