-- repo-one/modules/community/ai.nix --
# Lesson 11: a Dendrix layer across repos.
# repo-one shares `ai` in plain dendritic style.
{ ... }:
{
  flake.modules.nixos.ai.services.ollama.enable = true;
}
-- repo-one/modules/hosts/myhost/ai.nix --
# Outside modules/community: only repo-one's own flake loads it.
{ ... }:
{
  flake.modules.nixos.ai.services.ollama.acceleration = "cuda";
}
-- repo-two/modules/community/ai.nix --
# repo-two shares `ai` with flake-aspects.
{ ... }:
{
  flake.aspects.ai = {
    description = "Local AI tooling";
    nixos.services.open-webui.enable = true;
    darwin.homebrew.casks = [ "ollama" ];
  };
}
-- repo-two/modules/community/private/box-ai.nix --
# `private` in the path: Dendrix leaves it out.
{ ... }:
{
  flake.aspects.ai.nixos.hardware.nvidia.enable = true;
}
-- dendrix/dev/layers/ai/modules/ai.nix --
# The `ai` layer.
{ inputs, ... }:
{
  imports = [
    inputs.dendrix.repo-one.ai
  ];
}
-- consumer/modules/layers.nix --
# The consumer imports the layer.
{ inputs, ... }:
{
  imports = [ inputs.dendrix.ai ];
}
