# The same top-level aspect defined as an attrset in one module and as a
# `{ host }:` function in another (SEMANTICS 1.5, den#408): the slot falls
# back to the submodule branch and the function is called as a MODULE.
[
  {
    flake.aspects.mixed.nixos.x = [ "attrset part" ];
    flake.aspects.innocent.nixos.x = [ "innocent" ];
  }
  {
    flake.aspects.mixed =
      { host }:
      {
        nixos.x = [ "host ${host}" ];
      };
  }
]
