# An aspect defined as a module function `{ aspect, name, lib, ... }:` sees
# the FINAL merged aspect (SEMANTICS 1.3, 1.6): a description, classes and
# includes that other modules define, and its attribute name as `name`.
[
  {
    flake.aspects.profile =
      { aspect, name, lib, ... }:
      {
        nixos.summary = "${aspect.name}|${aspect.description}|${name}";
        nixos.otherClasses = lib.attrNames (
          removeAttrs aspect [
            "name"
            "description"
            "includes"
            "provides"
            "_"
            "__functor"
            "modules"
            "resolve"
            "_module"
          ]
        );
        nixos.includeCount = builtins.length aspect.includes;
        nixos.hasDarwinX = aspect.darwin ? x;
      };
  }
  {
    flake.aspects.profile = {
      description = "set in another module";
      darwin.x = 1;
      includes = [ { nixos.extra = [ "inline" ]; } ];
    };
  }
  { flake.aspects.profile.homeManager = { }; }
]
