# Lesson 5: fixpoints.
{ ... }:
{
  flake.aspects =
    { aspects, ... }@top:
    {
      nix-settings.nixos.nix.settings.experimental-features = [
        "nix-command"
        "flakes"
      ];

      web.provides =
        { aspects, ... }:
        {
          nginx = {
            nixos.services.nginx.enable = true;
            includes = [ aspects.tls ]; # a sibling
          };
          tls = {
            nixos.security.acme.acceptTerms = true;
            includes = [ top.aspects.nix-settings ]; # the top level
          };
        };

      server = {
        includes = [ aspects.web._.nginx ];
        nixos.networking.hostName = "web-01";
      };
    };
}
