# Fixpoints: how aspects reach each other.
#
# 1. `flake.aspects = { aspects, ... }:` - `aspects` is the final, merged
#    set of top-level aspects (from every file of the flake).
# 2. `provides = { aspects, ... }:` - here `aspects` is the *sibling*
#    provides set, and it shadows the top-level name...
# 3. ...so keep the top-level one with `@top` and use `top.aspects`.
# 4. flake-parts' `config.flake.aspects` is the same top-level set.
{ config, ... }:
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
            includes = [ aspects.tls ]; # = web._.tls, a sibling
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

      backup = {
        includes = [ config.flake.aspects.nix-settings ];
        nixos.services.restic.backups.daily.paths = [ "/var/lib" ];
      };
    };
}
