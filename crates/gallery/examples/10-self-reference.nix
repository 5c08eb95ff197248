# An aspect can be written as a module function. Its `aspect` argument is
# the aspect itself, merged from every file: read its name, its
# description, or its other classes. (`lib`, `config` and `options` work
# too; `aspects` does not, use the outer fixpoint.)
#
# `includes` can also hold inline aspects: anonymous attribute sets.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      wiki =
        { aspect, lib, ... }:
        {
          description = "Team wiki served by nginx";
          nixos.services.nginx.virtualHosts."${aspect.name}.example.org" = {
            root = "/srv/${aspect.name}";
          };
          nixos.environment.etc.motd.text = lib.toUpper aspect.description;
          includes = [
            # An inline aspect, named "[definition 1-entry 1]".
            { nixos.networking.firewall.allowedTCPPorts = [ 80 443 ]; }
            aspects.backups
          ];
        };

      backups.nixos.services.restic.backups.wiki.paths = [ "/srv/wiki" ];
    };
}
