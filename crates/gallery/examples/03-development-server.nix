# Cross-aspect dependencies, from the README: one `development-server`
# aspect for Linux AND macOS hosts. alice uses nixos + homeManager, bob
# uses darwin + hjem.
#
# Resolution is per class: a NixOS host gets alice's nixos module (bob has
# none), a nix-darwin host gets bob's darwin module (alice has none).
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      development-server = {
        description = "The same development server on every OS";
        includes = with aspects; [
          alice
          bob
        ];
        # Without flake-aspects you would write, class by class:
        #   nixos.imports  = [ inputs.self.modules.nixos.alice ];
        #   darwin.imports = [ inputs.self.modules.darwin.bob ];
        nixos.services.openssh.enable = true;
        darwin.services.openssh.enable = true;
      };

      alice = {
        nixos.users.users.alice = {
          isNormalUser = true;
          extraGroups = [ "wheel" ];
        };
        homeManager.programs.git.userName = "alice";
      };

      bob = {
        darwin.users.users.bob.home = "/Users/bob";
        hjem.files.".gitconfig".text = "[user]\n  name = bob\n";
      };
    };
}
