# Parametric providers: a curried function under `provides`. Apply it to
# your arguments right in `includes`; the result is an aspect.
# (After the README's `system._.user`.)
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      system = {
        nixos.system.stateVersion = "25.11";
        darwin.system.stateVersion = 6;
        _.user = userName: {
          nixos.users.users.${userName}.isNormalUser = true;
          darwin.system.primaryUser = userName;
        };
      };

      home-server = {
        includes = [
          aspects.system
          (aspects.system._.user "bob")
        ];
        # Without a nixos module of its own, home-server would not get a
        # flake.modules.nixos.home-server entry at all.
        nixos.services.openssh.enable = true;
      };

      mac-mini = {
        includes = [
          aspects.system
          (aspects.system._.user "alice")
        ];
        darwin = { };
      };
    };
}
