# A top-level parametric provider defined in two modules (SEMANTICS 1.4,
# 1.5): both definitions are functions that are neither module functions nor
# context providers, so the slot is a curried provider whose functionArgs
# are zipped. Applied, both definitions contribute; included unapplied,
# resolve calls it with { class, aspect-chain } and it lacks `who`.
[
  {
    flake.aspects.greeting =
      { who, loud ? false }:
      {
        nixos.lines = [ (if loud then "HELLO ${who}" else "hello ${who}") ];
      };
  }
  {
    flake.aspects =
      { aspects, ... }:
      {
        greeting =
          { who, ... }:
          {
            nixos.lines = [ "second definition for ${who}" ];
          };
        applied = {
          includes = [ (aspects.greeting { who = "ana"; loud = true; }) ];
          nixos.lines = [ "applied" ];
        };
        unapplied = {
          includes = [ aspects.greeting ];
          nixos.lines = [ "unapplied" ];
        };
      };
  }
]
