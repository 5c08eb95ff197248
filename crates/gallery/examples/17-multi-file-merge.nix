-- my-flake/modules/ssh.nix --
# Two files, one aspect. In a dendritic flake every file is a module, and
# each may add to the same aspect: here modules/ssh.nix and
# modules/hardening/ssh.nix both define `ssh`.
#
# Classes merge (each file's module is imported), `includes` lists are
# concatenated, and descriptions must agree.
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
# The second file hardens the same aspect and adds a class.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      ssh = {
        nixos.services.openssh.settings.PermitRootLogin = "prohibit-password";
        darwin.services.openssh.enable = true;
        includes = [ aspects.fail2ban ];
      };
      fail2ban.nixos.services.fail2ban.enable = true;
    };
}
