# Lesson 1: aspects become modules.
#
# `flake.aspects.<aspect>.<class>` comes out as
# `flake.modules.<class>.<aspect>`: look at the modules view.
{ ... }:
{
  flake.aspects = {
    ssh = {
      description = "Remote access with OpenSSH";
      nixos.services.openssh.enable = true;
      darwin.services.openssh.enable = true;
    };
  };
}
