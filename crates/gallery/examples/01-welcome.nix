# Welcome to the Aspect Playground!
#
# Every file of a dendritic flake is a flake-parts module, like this one.
# Under `flake.aspects` you describe *features* (aspects); inside each
# aspect, one module per *class*: nixos, darwin, homeManager, ...
# flake-aspects turns them around into `flake.modules.<class>.<aspect>`,
# the modules your hosts import.
{ inputs, lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      # One aspect, two classes: the same feature on NixOS and on macOS.
      ssh = {
        description = "Remote access with OpenSSH";
        nixos.services.openssh.enable = true;
        darwin.services.openssh.enable = true;
      };

      # `includes` brings other aspects along: resolving `workstation`
      # for nixos also imports the nixos module of `ssh`.
      workstation = {
        includes = [ aspects.ssh ];
        nixos =
          { pkgs, ... }:
          {
            environment.systemPackages = [ pkgs.git ];
          };
      };
    };

  # Try it: add `darwin = { };` to workstation and watch
  # `flake.modules.darwin.workstation` appear, with ssh inside.
}
