# Aspects typed from one plain set (crates/aspects/src/fresh.rs) against
# the generic evaluation: each option defined plainly, with properties,
# badly, and the sets that must go the evaluation's way. Compared by the
# test `prepared_submodules_match_the_generic_collection`.
{ lib, ... }:
{
  flake.aspects = { aspects, ... }: {
    named = { name = "custom"; description = "d"; nixos.x = 1; };
    weakDescription = { description = lib.mkDefault "low"; nixos.y = 2; };
    conflictingDescription = { description = lib.mkOptionDefault "mine"; nixos.y = 3; };
    numberName = { name = 5; nixos.y = 4; };
    nullDescription = { description = null; darwin.y = 5; };
    includesIf = { includes = lib.mkIf true [ aspects.named ]; nixos.z = 3; };
    includesIfFalse = { includes = lib.mkIf false [ aspects.named ]; nixos.z = 4; };
    includesOrdered = {
      includes = lib.mkMerge [ (lib.mkAfter [ aspects.named ]) (lib.mkBefore [ aspects.weakDescription ]) ];
      nixos.z = 5;
    };
    bothProvides = {
      _.p = { nixos.fromP = 1; };
      provides.q = { nixos.fromQ = 2; };
      includes = [ aspects.bothProvides._.p aspects.bothProvides.provides.q aspects.bothProvides.provides.p ];
      nixos.own = 0;
    };
    customFunctor = {
      __functor = self: { class, ... }: { ${class}.fromFunctor = [ self.name ]; };
      nixos.own = 1;
    };
    constantFunctor = { __functor = self: { nixos.constant = true; }; };
    classIfFalse = { nixos = lib.mkIf false { a = 1; }; darwin.b = 1; };
    classForced = { nixos = lib.mkForce { a = 1; }; };
    classOverrides = { nixos = lib.mkMerge [ { a = lib.mkDefault 1; } { a = 2; } ]; };
    moduleArgs = { _module.args.foo = 1; nixos.a = 1; };
    definesModules = { modules = 1; nixos.a = 1; };
    definesResolve = { resolve = 1; nixos.a = 1; };
    wholeIf = lib.mkIf true { nixos.a = 1; };
    typeAttribute = { _type = "something"; nixos.a = 1; };
    empty = { };
    providers = {
      includes = [
        ({ class, ... }: { ${class}.viaProvider = 1; name = "named-result"; })
        ({ class, ... }: { description = lib.mkDefault "x"; ${class}.v = 1; })
        ({ class, ... }: { includes = [ aspects.named ]; ${class}.deeper = 2; })
        ({ class, ... }: { _.inner = { ${class}.inner = 1; }; ${class}.w = 1; })
        (aspects.curried "p")
      ];
      nixos.own = 2;
    };
    curried = param: { nixos.curried = param; description = "curried ${param}"; };
  };
}
