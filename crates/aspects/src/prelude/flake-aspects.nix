# flake-aspects, written for Aspect Playground from the behaviour recorded
# in SEMANTICS.md (vic/flake-aspects at 56fa8d4): the aspect types built
# from the module system's combinators, resolution, transpose, forward,
# new / new-scope, and the flake module.
#
# `{ lib, native }: { ... }`: `lib` is the full lib (with the module-system
# vocabulary); `native` holds Rust helpers (`includeCycle`).
{ lib, native }:
let
  inherit (lib) types mkOption;

  # ------------------------------------------------------ classification
  # Formal names decide what a function is (SEMANTICS 1.5). Native
  # (crates/aspects/src/classify.rs, which shows the Nix each computes):
  # the aspect types' checks run them for every include and provider.
  #
  # isSubmoduleFn: a module function (asks for lib, config, options or
  # aspect). isProviderFn: exactly class and/or aspect-chain.
  # isOpaqueFunctor: nothing but __functor / __functionArgs.
  inherit (native) isSubmoduleFn isProviderFn isOpaqueFunctor
    isDirectProvider isCurriedProvider isTopAspect;

  # ------------------------------------------------------------ functors
  # The default functor: every aspect is a { class, aspect-chain } provider
  # returning itself.
  defaultFunctor = self: { class, aspect-chain }: self;

  # The merged functor (last definition wins): calling the aspect with x
  # evaluates r = functor self; a builtin function r is applied to x,
  # anything else is the result as is. lib.functionArgs of the aspect is
  # thus r's formals, or { } for a constant.
  # Native (crates/aspects/src/functor.rs, which shows the Nix it makes):
  # every call of an aspect goes through it.
  wrapFunctor = native.wrapFunctor;

  # ---------------------------------------------------------------- types
  # The options every aspect declares: one shared set, so the module
  # system reads it once (defaults that need the aspect are set below).
  aspectOptions = {
    options = {
      name = mkOption {
        type = types.str;
        description = "The aspect's name.";
      };
      description = mkOption {
        type = types.str;
        description = "What the aspect is for.";
      };
      includes = mkOption {
        type = includesType;
        default = [ ];
        description = "Aspects and providers whose class modules this aspect brings in.";
      };
      provides = mkOption {
        type = providesType;
        default = { };
        description = "Sub-aspects and providers (also reachable as `_`).";
      };
      __functor = mkOption {
        type = types.lastDefinitionWins;
        default = defaultFunctor;
        apply = wrapFunctor;
        internal = true;
      };
      # Computed: definitions of these are ignored (forced below).
      modules = mkOption {
        type = types.lastDefinitionWins;
        internal = true;
      };
      resolve = mkOption {
        type = types.lastDefinitionWins;
        internal = true;
      };
    };
  };

  includesType = types.listOf providerType;

  providesType = types.submodule ({ config, ... }: {
    freeformType = types.lazyAttrsOf providerType;
    _module.args.aspects = config;
  });

  aliasModule = lib.mkAliasOptionModule [ "_" ] [ "provides" ];

  # A class module (every attribute that is not an option).
  classType = types.deferredModule;

  aspectFreeform = { freeformType = types.lazyAttrsOf classType; };

  # An aspect's `resolve`, given its config.
  aspectResolve = config: { class, aspect-chain ? [ ] }:
    resolveTop class aspect-chain (config { inherit class aspect-chain; });

  aspectModule = [
    aspectOptions
    aliasModule
    aspectFreeform
    ({ name, config, ... }: {
      config = {
        name = lib.mkOptionDefault name;
        description = lib.mkOptionDefault "Aspect ${name}";
        modules = lib.mkOverride 0 (lib.mapAttrs (class: _: config.resolve { inherit class; }) config);
        resolve = lib.mkOverride 0 (aspectResolve config);
        _module.args.aspect = config;
      };
    })
  ];

  aspectSubmodule = types.submodule aspectModule;

  # lib.isFunction f && isProviderFn f
  directProvider = types.addCheck (types.functionTo aspectSubmodule) isDirectProvider;

  # builtins.isFunction f || isOpaqueFunctor f
  curriedProvider = types.addCheck (types.functionTo providerType) isCurriedProvider;

  providerFn = types.either directProvider curriedProvider;

  providerType = types.either providerFn aspectSubmodule;

  # Top-level aspects: sets (typed aspects included) and module functions
  # are aspects; other functions are providers.
  topAspectType = types.either
    # !builtins.isFunction x || isSubmoduleFn x
    (types.addCheck aspectSubmodule isTopAspect)
    providerType;

  aspectsType = types.submodule ({ config, ... }: {
    freeformType = types.lazyAttrsOf topAspectType;
    _module.args.aspects = config;
  });

  # ----------------------------------------------------------- resolution
  # `resolveTop class chain aspect`: the module tree of `aspect` for
  # `class`. Native (crates/aspects/src/resolve.rs, which shows the Nix it
  # computes): providers are called with { class, aspect-chain }, anything
  # else is used as it is, and an aspect met again on its own include path
  # is an include cycle (Nix itself would build an endless import tree).
  resolveTop = native.resolveTop;

  # ------------------------------------------------------------ transpose
  # Native (crates/aspects/src/transpose.rs, which shows the Nix it
  # computes): `emit`'s items grouped by parent, later items winning.
  transpose = { emit ? lib.singleton }: attrs: native.transpose emit attrs;

  # `flake.modules`' emit: one item per attribute of every aspect, its
  # value `aspects.${child}.resolve { class = parent; }` when read. Native
  # (crates/aspects/src/transpose.rs, which shows the Nix it computes): it
  # is called for every attribute of every aspect.
  resolveEmit = native.resolveEmit;

  # -------------------------------------------------------------- forward
  forward = { each, fromClass, intoClass, intoPath, fromAspect }: {
    includes = map
      (item: {
        ${intoClass item} = lib.setAttrByPath (intoPath item) ({ ... }: {
          imports = [ (resolveTop (fromClass item) [ ] (fromAspect item)) ];
        });
      })
      each;
  };

  # ------------------------------------------------------- new, new-scope
  new = cb: cfg:
    let
      option = mkOption {
        type = aspectsType;
        default = { };
      };
      transposed = transpose { emit = resolveEmit cfg; } cfg;
    in
    cb option transposed;

  new-scope = scope: { config, ... }: {
    options.${scope} = {
      aspects = mkOption {
        type = aspectsType;
        default = { };
      };
      modules = mkOption {
        type = types.attrsOf (types.attrsOf types.deferredModule);
        readOnly = true;
        default = transpose { emit = resolveEmit config.${scope}.aspects; } config.${scope}.aspects;
      };
    };
  };

  # ---------------------------------------------------------- flakeModule
  flakeModule = { config, ... }: {
    options.flake = mkOption {
      type = types.submoduleWith {
        modules = [{
          options.aspects = mkOption {
            type = aspectsType;
            default = { };
            description = "Aspects: one feature configuring several classes.";
          };
        }];
      };
    };
    config.flake.modules = transpose { emit = resolveEmit config.flake.aspects; } config.flake.aspects;
  };

  libOutput = _lib: {
    inherit transpose forward new new-scope;
    resolve = resolveTop;
    types = { inherit aspectSubmodule aspectsType providerType topAspectType; };
  };
in
{
  inherit flakeModule transpose forward new new-scope resolveTop aspectsType
    aspectSubmodule providerType topAspectType isProviderFn isSubmoduleFn;
  # What typing an aspect again needs (crates/aspects/src/retype.rs).
  retypeParts = {
    inherit aspectSubmodule includesType providesType classType aspectResolve
      defaultFunctor wrapFunctor;
    strType = types.str;
    functorType = types.lastDefinitionWins;
  };
  lib = libOutput;
}
