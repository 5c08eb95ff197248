//! The example a first visit opens with.

/// A small flake-aspects flake: one aspect configuring two classes, and an
/// include.
pub const WELCOME: &str = r#"{ lib, ... }:
{
  flake.aspects = { aspects, ... }: {
    vim-btw = {
      description = "Vim everywhere";
      nixos = { pkgs, ... }: {
        environment.systemPackages = [ pkgs.vim ];
      };
      darwin.programs.vim.enable = true;
    };

    laptop = {
      nixos.networking.wireless.enable = true;
      includes = [ aspects.vim-btw ];
    };
  };
}
"#;
