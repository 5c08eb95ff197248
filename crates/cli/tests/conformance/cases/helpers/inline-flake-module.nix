# Imported by VALUE (`import ./inline-flake-module.nix`) from 76_path_dedup/
# (not a case itself): the result is an anonymous module, which the module
# system does not de-duplicate.
{
  flake.aspects.shared.nixos.loaded = [ "anonymous module (imported by value)" ];
}
