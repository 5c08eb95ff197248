# Generated flake.modules merge with plain dendritic definitions (SEMANTICS
# 1.11): flake.modules.nixos.web from the aspect and from a plain module
# become one module; dendritic-only entries and classes appear too, and the
# special flake-parts class `generic` is not wrapped with a _class.
[
  {
    flake.aspects =
      { aspects, ... }:
      {
        web = {
          nixos.ports = [ 80 ];
          includes = [ aspects.tls ];
        };
        tls.nixos.ports = [ 443 ];
        shared.generic.marker = [ "from aspect" ];
      };
  }
  {
    flake.modules.nixos.web =
      { lib, ... }:
      {
        ports = lib.mkAfter [ 8080 ];
        dendritic = true;
      };
    flake.modules.nixos.only-dendritic.ports = [ 22 ];
    flake.modules.darwin.mac.dock = "left";
    flake.modules.generic.shared.marker = [ "dendritic generic" ];
  }
]
