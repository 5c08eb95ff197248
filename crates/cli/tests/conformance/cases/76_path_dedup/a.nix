# Directory case, file 1 of 2: both files import ../helpers/shared-flake-module.nix
# by path. Modules are de-duplicated by key and a path's key is the path
# (SEMANTICS 1.7), so its list definition arrives once; a module imported by
# VALUE in both files is anonymous and arrives twice.
{ ... }:
{
  imports = [
    ../helpers/shared-flake-module.nix
    (import ../helpers/inline-flake-module.nix)
    { flake.aspects.shared.nixos.loaded = [ "inline from a" ]; }
  ];
}
