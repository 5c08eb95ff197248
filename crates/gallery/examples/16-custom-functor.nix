# A custom `__functor` decides what an aspect contributes when it is
# included (and when it is resolved itself).
#
# `__functor = self: { class, aspect-chain }: <aspect>` receives the
# aspect as `self`. Beware: the aspect's own classes are then no longer
# included automatically, only what the functor returns.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      shell = {
        nixos.programs.zsh.enable = true;
        # Never used: the functor below does not return it.
        darwin.programs.zsh.enable = true;

        __functor =
          self:
          { class, aspect-chain }:
          if class == "nixos" then
            {
              nixos = self.nixos; # keep our own nixos module
              includes = [ aspects.prompt ];
            }
          else
            {
              ${class}.programs.fish.enable = true;
            };
      };

      prompt.nixos.programs.starship.enable = true;

      laptop = {
        includes = [ aspects.shell ];
        nixos = { };
        darwin = { };
      };
    };
}
