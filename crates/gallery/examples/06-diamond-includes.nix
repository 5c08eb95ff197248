# A diamond: workstation includes dev-tools and desktop, and both of them
# include `common`.
#
# flake-aspects does not deduplicate: `common` is resolved on both paths,
# so its module is imported twice. The module system cannot tell the two
# anonymous copies apart either, so list options get duplicate entries
# (equal scalars, like `enable = true`, merge fine).
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      common.nixos = {
        programs.zsh.enable = true;
        users.users.bob.extraGroups = [ "wheel" ];
      };

      dev-tools = {
        includes = [ aspects.common ];
        nixos.users.users.bob.extraGroups = [ "docker" ];
      };

      desktop = {
        includes = [ aspects.common ];
        nixos.users.users.bob.extraGroups = [ "video" ];
      };

      workstation = {
        includes = with aspects; [
          dev-tools
          desktop
        ];
        nixos.users.users.bob.isNormalUser = true;
      };
    };
}
