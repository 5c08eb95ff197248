# Class modules are ordinary NixOS modules: when several aspects set the
# same option, priorities decide, exactly as in your configuration.
#
#   lib.mkDefault  (priority 1000)  loses to a plain definition (100)
#   lib.mkForce    (priority 50)    wins over both
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      # Sensible defaults that anyone may override.
      base.nixos = {
        time.timeZone = lib.mkDefault "UTC";
        networking.firewall.enable = lib.mkDefault false;
        services.openssh.settings.PasswordAuthentication = lib.mkDefault true;
      };

      # Security policy: overrides the defaults, and forces the firewall.
      hardened = {
        includes = [ aspects.base ];
        nixos = {
          services.openssh.settings.PasswordAuthentication = false;
          networking.firewall.enable = lib.mkForce true;
        };
      };

      # A host: its plain timeZone beats the mkDefault, but its attempt to
      # disable the firewall loses to hardened's mkForce.
      kiosk = {
        includes = [ aspects.hardened ];
        nixos = {
          time.timeZone = "Europe/Paris";
          networking.firewall.enable = false;
        };
      };
    };
}
