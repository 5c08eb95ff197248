# The transposition from flake-aspects' README.
#
#   you write   flake.aspects.<aspect>.<class>
#   you get     flake.modules.<class>.<aspect>
#
# Look at the aspect × class grid: each aspect lands under every class it
# defines, and each class lists the aspects that define it.
{ ... }:
{
  flake.aspects = {
    vim-btw = {
      description = "Vim, everywhere, btw";
      nixos =
        { pkgs, ... }:
        {
          environment.systemPackages = [ pkgs.vim ];
        };
      darwin =
        { pkgs, ... }:
        {
          environment.systemPackages = [ pkgs.vim ];
        };
      homeManager.programs.vim.enable = true;
      # Any key that is not an aspect option is a class: nixvim too.
      nixvim.opts.number = true;
    };

    tiling-desktop = {
      nixos.programs.niri.enable = true; # Niri on Linux
      darwin.services.aerospace.enable = true; # AeroSpace on macOS
    };

    macos-develop = {
      darwin.homebrew.casks = [ "orbstack" ];
      # hjem: a lightweight home manager, one more class.
      hjem.files.".config/git/config".text = "[init]\n  defaultBranch = main\n";
    };
  };
}
