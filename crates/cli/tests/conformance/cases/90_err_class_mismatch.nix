# flake-parts tags every flake.modules entry with `_class = <class>`: a plain
# module that declares another class cannot be evaluated as that class.
{ ... }:
{
  flake.aspects.ok.nixos.x = [ "ok" ];
  flake.modules.nixos.wrong = {
    _class = "darwin";
    x = [ "wrong" ];
  };
  flake.modules.nixos.ok = {
    _class = "nixos";
    x = [ "explicit class" ];
  };
}
