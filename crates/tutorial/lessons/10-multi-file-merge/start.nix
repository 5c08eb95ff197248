-- my-flake/modules/ssh.nix --
# Lesson 10: one aspect, two files.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      ssh = {
        description = "OpenSSH server";
        nixos.services.openssh.enable = true;
        includes = [ aspects.admin-keys ];
      };
      admin-keys.nixos.users.users.root.openssh.authorizedKeys.keys = [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE admin@example.org"
      ];
    };
}
-- my-flake/modules/hardening/ssh.nix --
# The second file hardens the same aspect.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      ssh = {
        description = "Hardened SSH";
        nixos.services.openssh.settings.PasswordAuthentication = false;
      };
      fail2ban.nixos.services.fail2ban.enable = true;
    };
}
