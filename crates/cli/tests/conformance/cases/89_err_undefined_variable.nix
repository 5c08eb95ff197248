# An undefined variable is reported when the file is parsed: the whole
# evaluation fails (kind `other`), nothing else is listed.
{ ... }:
{
  flake.aspects.a.nixos.x = [ notDefinedAnywhere ];
}
