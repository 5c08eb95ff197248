# Imported by path from 76_path_dedup/ (not a case itself): a flake-parts
# module that two files import; keyed by its path, it is loaded once.
{ ... }:
{
  flake.aspects.shared.nixos.loaded = [ "shared-flake-module" ];
}
