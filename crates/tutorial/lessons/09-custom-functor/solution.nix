# Lesson 9: a custom __functor.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      shell = {
        nixos.programs.zsh.enable = true;
        darwin.programs.zsh.enable = true; # no longer used

        __functor =
          self:
          { class, aspect-chain }:
          if class == "nixos" then
            {
              nixos = self.nixos;
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
