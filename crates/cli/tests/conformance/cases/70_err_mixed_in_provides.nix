# Mixing an attrset and a `{ host }:` function for the same PROVIDES key
# (SEMANTICS 1.5): unlike at top level this does not break the whole flake,
# only the aspect that owns the provides entry and whoever includes it.
[
  {
    flake.aspects.lib-aspect = {
      nixos.x = [ "owner" ];
      _.mixed.nixos.x = [ "attrset part" ];
    };
  }
  {
    flake.aspects =
      { aspects, ... }:
      {
        lib-aspect._.mixed =
          { host }:
          {
            nixos.x = [ "host ${host}" ];
          };
        user = {
          includes = [ aspects.lib-aspect._.mixed ];
          nixos.x = [ "user" ];
        };
        bystander.nixos.x = [ "bystander" ];
      };
  }
]
