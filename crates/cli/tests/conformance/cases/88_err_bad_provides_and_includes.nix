# Type errors of aspect options: `provides` given a string (not a submodule
# value) and an includes element that is an integer (the provider type's
# self-referential description overflows the stack while the error is built).
{ ... }:
{
  flake.aspects = {
    bad-provides = {
      provides = "nothing";
      nixos.ok = [ "bad-provides" ];
    };
    bad-element = {
      includes = [ 42 ];
      nixos.ok = [ "bad-element" ];
    };
    fine.nixos.ok = [ "fine" ];
  };
}
