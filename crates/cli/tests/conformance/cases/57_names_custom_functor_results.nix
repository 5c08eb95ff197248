# Custom functor results and names (SEMANTICS 1.4, 1.5, 1.8): an aspect whose
# functor returns a CONSTANT is re-typed as an aspect when included, and its
# result is raw (no name); a functor returning a { class, aspect-chain }
# function makes the include a direct provider whose result is typed
# (`<function body>` or the name it sets). Own classes are dropped.
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      reporter =
        { class, aspect-chain }:
        {
          ${class}.chains = [ (lib.concatMapStringsSep ">" (a: a.name or "<no name>") aspect-chain) ];
        };
      constant = {
        nixos.own = [ "constant-own (dropped)" ];
        __functor = self: {
          includes = [ aspects.reporter ];
          nixos.own = [ "constant-result" ];
        };
      };
      dynamic = {
        nixos.own = [ "dynamic-own (dropped)" ];
        __functor =
          self:
          { class, aspect-chain }:
          {
            includes = [ aspects.reporter ];
            ${class}.own = [ "dynamic-result for ${class}" ];
          };
      };
      dynNamed = {
        nixos = { };
        __functor =
          self:
          { class, ... }:
          {
            name = "chosen";
            includes = [ aspects.reporter ];
          };
      };
      host = {
        includes = [
          aspects.constant
          aspects.dynamic
          aspects.dynNamed
        ];
        nixos.own = [ "host" ];
      };
    };
}
