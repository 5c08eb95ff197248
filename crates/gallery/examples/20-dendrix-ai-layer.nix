-- repo-one/modules/community/ai.nix --
# A Dendrix layer: four repos in one workspace (each `-- repo/path --`
# header starts a file). repo-one and repo-two both define an `ai` aspect;
# the `ai` layer in the dendrix repo imports both repos' shared `ai` trees
# and extends them; `consumer` (the repo evaluated: the last one) imports
# the layer. Private and host-specific files never reach the consumer.
#
# repo-one shares its `ai` aspect in plain dendritic style
# (flake.modules.<class>.<aspect>); modules/community is what Dendrix shares.
{ ... }:
{
  flake.modules.nixos.ai =
    { pkgs, ... }:
    {
      services.ollama.enable = true;
      environment.systemPackages = [ pkgs.ollama ];
    };
  flake.modules.homeManager.ai = {
    programs.aichat.enable = true;
  };
}
-- repo-one/modules/hosts/myhost/ai.nix --
# Host-specific, outside modules/community: only repo-one's own flake loads it.
{ ... }:
{
  flake.modules.nixos.ai = {
    services.ollama.acceleration = "cuda";
    networking.hostName = "myhost";
  };
}
-- repo-one/modules/users/vic/ai.nix --
# User-specific, outside modules/community: private to repo-one.
{ ... }:
{
  flake.modules.homeManager.ai = {
    programs.aichat.settings.model = "vic-private-model";
  };
}
-- repo-two/modules/community/ai.nix --
# repo-two shares its `ai` aspect with flake-aspects.
{ ... }:
{
  flake.aspects.ai = {
    description = "Local AI tooling";
    nixos.services.open-webui.enable = true;
    darwin.homebrew.casks = [ "ollama" ];
    homeManager.home.sessionVariables.OLLAMA_HOST = "127.0.0.1:11434";
  };
}
-- repo-two/modules/community/private/hosts/box-ai.nix --
# Under community but with `private` in its path: Dendrix leaves it out.
{ ... }:
{
  flake.aspects.ai.nixos.hardware.nvidia.enable = true;
}
-- repo-two/modules/users/alice/ai.nix --
# Outside modules/community: private to repo-two.
{ ... }:
{
  flake.aspects.ai.homeManager.programs.git.userName = "alice";
}
-- dendrix/dev/layers/ai/modules/ai.nix --
# The `ai` layer: both repos' `ai` trees, an option, a package, and
# extensions of the shared aspect for every class.
{ inputs, lib, config, ... }:
{
  imports = [
    inputs.dendrix.repo-one.ai
    inputs.dendrix.repo-two.ai
  ];

  options.ai.something.enable = lib.mkEnableOption "something for the ai layer";

  config = {
    perSystem =
      { pkgs, ... }:
      {
        packages.ai-cli = pkgs.ai-cli;
      };

    flake.modules.nixos.ai = {
      environment.variables.AI_SOMETHING = if config.ai.something.enable then "on" else "off";
    };
    flake.modules.darwin.ai =
      { pkgs, ... }:
      {
        environment.systemPackages = [ pkgs.ollama ];
      };
    flake.modules.homeManager.ai = {
      programs.aichat.settings.layer = "ai";
    };
  };
}
-- consumer/modules/layers.nix --
# A consumer imports the layer (Dendrix's template: modules/layers.nix).
{ inputs, ... }:
{
  imports = [ inputs.dendrix.ai ];
}
-- consumer/modules/ai.nix --
# The consumer sets the option the layer declared.
{ ... }:
{
  ai.something.enable = true;
}
