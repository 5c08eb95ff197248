# Names of anonymous aspects (SEMANTICS 1.8 names table): inline attrset
# includes are named `[definition N-entry M]` (N counts the definitions of
# the includes list, M the position in it) unless they set a name, provider
# results are `<function body>` unless they set one. A reporter provider
# included below each of them writes the aspect-chain names.
[
  {
    flake.aspects =
      { aspects, ... }:
      {
        reporter =
          { class, aspect-chain }:
          {
            ${class}.chains = [ (builtins.concatStringsSep ">" (map (a: a.name) aspect-chain)) ];
          };
        host = {
          includes = [
            { includes = [ aspects.reporter ]; }
            aspects.named
            {
              name = "custom-name";
              includes = [ aspects.reporter ];
            }
          ];
          nixos.chains = [ "host" ];
        };
        named.includes = [ aspects.reporter ];
        named.nixos = { };
        namer._.fn =
          { class, ... }:
          {
            includes = [ aspects.reporter ];
          };
        namer._.fnNamed =
          { class, ... }:
          {
            name = "i-have-a-name";
            includes = [ aspects.reporter ];
          };
      };
  }
  {
    flake.aspects =
      { aspects, ... }:
      {
        host.includes = [
          { includes = [ aspects.reporter ]; }
          aspects.namer._.fn
          aspects.namer._.fnNamed
        ];
      };
  }
]
