# Aspect names may be any string (SEMANTICS 1.6): slashes, dots, spaces and
# a leading digit, at top level and under provides; name defaults to the
# attribute key, description to "Aspect <key>".
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      "hosts/x13" = {
        nixos.n = [ "hosts/x13" ];
        includes = [
          aspects."with space"
          aspects."0lead"._."sub.dot"
        ];
      };
      "with space".nixos.n = [ "with space" ];
      "0lead" = {
        _."sub.dot".nixos.n = [ "sub.dot" ];
        homeManager.n = [ "0lead" ];
      };
    };
}
