# Reusing a typed aspect by ASSIGNMENT instead of include (SEMANTICS 1.12):
# `local = aspects.remote` plus a local definition. Classes merge, but the
# typed value defines both `provides` and `_`, so its provided `gpu` is
# duplicated and becomes an opaque functor; `clean` includes it instead.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      remote = {
        nixos.from = [ "remote" ];
        _.gpu.nixos.from = [ "remote-gpu" ];
      };
      local = aspects.remote;
      clean = {
        includes = [ aspects.remote ];
        nixos.from = [ "clean" ];
      };
      user = {
        includes = [
          aspects.local._.gpu
          aspects.clean
        ];
        nixos.from = [ "user" ];
      };
    };
  imports = [ { flake.aspects.local.nixos.from = [ "local" ]; } ];
}
