# The default transpose (emit = lib.singleton) from inputs.flake-aspects.lib:
# swaps the two outer levels, groups children under a shared parent, drops
# children whose inner set is empty and leaves deeper values untouched.
{ inputs, lib, ... }:
let
  t = (inputs.flake-aspects.lib lib).transpose { };
in
{
  flake.modules.nixos.plain = {
    swapped = t { a.b.c = 1; };
    grouped = t {
      a.x = 1;
      b.x = 2;
      b.y = [ "b-y" ];
    };
    emptyInner = t {
      a = { };
      b.y = [
        1
        2
      ];
    };
    deep = t {
      outer.inner = {
        keep.nested = true;
        list = [ { k = "v"; } ];
      };
    };
    empty = t { };
  };
}
