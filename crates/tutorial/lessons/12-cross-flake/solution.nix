-- team/modules/ai.nix --
# Lesson 12: another flake's aspects.
{ ... }:
{
  flake.aspects.ai = {
    nixos.services.ollama.enable = true;
    _.gpu.nixos.hardware.nvidia.enable = true;
  };
}
-- my-flake/modules/ai.nix --
{ inputs, ... }:
{
  flake.aspects.ai.includes = [ inputs.team.aspects.ai ];
}
-- my-flake/modules/webui.nix --
{ ... }:
{
  flake.aspects.ai.nixos.services.open-webui.enable = true;
}
