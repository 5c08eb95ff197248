# Lesson 9: a custom __functor.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      shell = {
        nixos.programs.zsh.enable = true;
        darwin.programs.zsh.enable = true;
      };

      prompt.nixos.programs.starship.enable = true;

      laptop = {
        includes = [ aspects.shell ];
        nixos = { };
        darwin = { };
      };
    };
}
