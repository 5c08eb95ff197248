# functionArgs of providers merged by functionTo (SEMANTICS 1.4): the formals
# of all definitions are zipped, and an argument is optional only if every
# definition that names it gives it a default. Both definitions are called
# and their results merge.
[
  {
    flake.aspects.greet = {
      _.hello =
        { who, punct ? "!" }:
        {
          nixos.lines = [ "hello ${who}${punct}" ];
        };
      _.strict =
        { who ? "nobody" }:
        {
          nixos.lines = [ "strict-1 ${who}" ];
        };
    };
  }
  {
    flake.aspects.greet = {
      _.hello =
        { who, greeting ? "hi", punct ? "?" }:
        {
          nixos.lines = [ "${greeting} ${who}${punct}" ];
        };
      _.strict =
        { who }:
        {
          nixos.lines = [ "strict-2 ${who}" ];
        };
    };
  }
  (
    { config, ... }:
    {
      flake.aspects.room = {
        includes = with config.flake.aspects.greet._; [
          (hello { who = "bob"; })
          (strict { who = "eve"; })
        ];
        nixos.lines = [ "room" ];
      };
    }
  )
]
