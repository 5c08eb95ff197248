# Resolution when a provider lacks the class being resolved (SEMANTICS 1.8):
# it contributes nothing of its own, but its includes are still walked; a
# provider result with a class other than the resolved one is ignored.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      leaf = {
        nixos.got = [ "leaf" ];
        darwin.got = [ "leaf-darwin" ];
      };
      darwin-only = {
        darwin.got = [ "darwin-only" ];
        includes = [ aspects.leaf ];
      };
      by-class._.pick =
        { class, ... }:
        {
          homeManager.got = [ "hm from pick (${class})" ];
          includes = [ aspects.darwin-only ];
        };
      host = {
        includes = [
          aspects.darwin-only
          aspects.by-class._.pick
        ];
        nixos.got = [ "host" ];
        homeManager = { };
      };
    };
}
