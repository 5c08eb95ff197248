# Lesson 5: fixpoints.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      nix-settings.nixos.nix.settings.experimental-features = [
        "nix-command"
        "flakes"
      ];

      web.provides =
        { aspects, ... }:
        {
          nginx.nixos.services.nginx.enable = true;
          tls.nixos.security.acme.acceptTerms = true;
        };

      server = {
        includes = [ aspects.web._.nginx ];
        nixos.networking.hostName = "web-01";
      };
    };
}
