# Lesson 2: includes.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      ssh.nixos.services.openssh.enable = true;

      git.nixos =
        { pkgs, ... }:
        {
          environment.systemPackages = [ pkgs.git ];
        };

      laptop = {
        includes = [ ];
        nixos.networking.hostName = "laptop";
      };
    };
}
