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
        includes = [
          aspects.ssh
          aspects.git
        ];
        nixos.networking.hostName = "laptop";
      };
    };
}
