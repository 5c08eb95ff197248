# A deeper diamond: top includes left and right, both include mid, mid
# includes leaf; leaf also comes directly from right. Lists get every
# contribution (leaf three times), equal scalars merge, sets merge.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      top = {
        includes = [
          aspects.left
          aspects.right
        ];
        nixos.seen = [ "top" ];
      };
      left = {
        includes = [ aspects.mid ];
        nixos.seen = [ "left" ];
      };
      right = {
        includes = [
          aspects.mid
          aspects.leaf
        ];
        nixos.seen = [ "right" ];
        nixos.meta.right = true;
      };
      mid = {
        includes = [ aspects.leaf ];
        nixos.seen = [ "mid" ];
        nixos.meta.mid = true;
      };
      leaf.nixos = {
        seen = [ "leaf" ];
        port = 22;
        meta.leaf = "yes";
      };
    };
}
