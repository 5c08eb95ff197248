# conflicting-definitions in a class module: two different scalars for one
# key (equal ones merge), and mkDefault/mkForce resolving such conflicts.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      http.nixos.port = 80;
      https.nixos.port = 443;
      also-http.nixos.port = 80;
      clash = {
        includes = [
          aspects.http
          aspects.https
        ];
        nixos = { };
      };
      agree = {
        includes = [
          aspects.http
          aspects.also-http
        ];
        nixos = { };
      };
      resolved = {
        includes = [
          aspects.http
          aspects.https
        ];
        nixos.port = lib.mkForce 8443;
      };
      defaulted = {
        includes = [ aspects.https ];
        nixos.port = lib.mkDefault 80;
      };
    };
}
