# Providers: functions of the resolution context { class, aspect-chain }.
#
# - `class` is the class being resolved: "nixos", "darwin", ...
# - `aspect-chain` lists the aspects from the root being resolved (head)
#   down to the aspect that included the provider (last).
#
# Every aspect is in fact such a function (it returns itself), which is
# why plain aspects can be put in `includes`.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      # One definition serves every class: `${class}` picks the module.
      motd._.banner =
        { class, aspect-chain }:
        let
          root = (lib.head aspect-chain).name;
          caller = (lib.last aspect-chain).name;
        in
        {
          ${class}.environment.etc.motd.text = "${root} (${class}), via ${caller}";
        };

      base.includes = [ aspects.motd._.banner ];

      laptop = {
        includes = [ aspects.base ];
        nixos = { };
        darwin = { };
      };
    };
}
