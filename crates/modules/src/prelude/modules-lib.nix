# The module-system vocabulary of `lib`, written for Aspect Playground.
#
# `lib: { ... }` returns the names merged into `lib`: the property markers
# (mkIf, mkMerge, mkOverride, mkOrder, ...), mkOption and friends, and
# `types`. A type here is a descriptor: an attribute set with
# `_type = "option-type"`, its `name`, its nested types and the data the
# Rust module system needs to check and merge definitions of it. The
# merging itself happens in Rust (crates/modules).
lib:
let
  inherit (builtins) isAttrs isString isList isFunction isInt isBool isFloat isPath typeOf;

  mkType = name: description: extra:
    { _type = "option-type"; inherit name description; nestedTypes = { }; } // extra;

  elemOf = name: description: elemType:
    mkType name description {
      inherit elemType;
      nestedTypes.elemType = elemType;
    };

  # ---------------------------------------------------------- properties
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  mkImageMediaOverride = mkOverride 60;
  mkForce = mkOverride 50;
  mkVMOverride = mkOverride 10;
  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;
  defaultOrderPriority = 1000;

  # ------------------------------------------------------------- options
  mkOption = attrs: attrs // { _type = "option"; };
  mkEnableOption = name: mkOption {
    default = false;
    example = true;
    description = "Whether to enable ${name}.";
    type = types.bool;
  };
  mkPackageOption = pkgs: name: extra:
    let
      path = if isList name then name else [ name ];
      defaultPath = extra.default or path;
      defaultValue = lib.attrByPath (if isList defaultPath then defaultPath else [ defaultPath ]) null pkgs;
    in
    mkOption ({
      type = types.package;
      description = "The ${lib.concatStringsSep "." path} package to use.";
    } // lib.optionalAttrs (defaultValue != null) { default = defaultValue; }
      // lib.optionalAttrs (extra ? example) { inherit (extra) example; });
  literalExpression = text: { _type = "literalExpression"; inherit text; };
  literalMD = text: { _type = "literalMD"; inherit text; };
  mkSinkUndeclaredOptions = attrs: mkOption ({
    type = types.anything;
    internal = true;
    visible = false;
  } // attrs);

  # `mkAliasOptionModule from to`: a module making option path `from` an
  # alias of `to` (definitions of either land in `to`).
  mkAliasOptionModule = from: to: { _type = "alias-module"; inherit from to; };
  mkRenamedOptionModule = mkAliasOptionModule;

  isOptionType = x: isAttrs x && x._type or null == "option-type";
  isType = t: x: isAttrs x && x._type or null == t;
  isOption = isType "option";

  # --------------------------------------------------------------- types
  types = rec {
    anything = mkType "anything" "anything" { };
    raw = mkType "raw" "raw value" { };
    unspecified = mkType "unspecified" "unspecified value" { };
    bool = mkType "bool" "boolean" { };
    int = mkType "int" "signed integer" { };
    ints = {
      unsigned = addCheck int (x: x >= 0) // { name = "unsignedInt"; description = "unsigned integer, meaning >=0"; };
      positive = addCheck int (x: x > 0) // { name = "positiveInt"; description = "positive integer, meaning >0"; };
      between = lo: hi: addCheck int (x: x >= lo && x <= hi) // { name = "intBetween"; description = "integer between ${toString lo} and ${toString hi} (both inclusive)"; };
      u8 = ints.between 0 255;
      u16 = ints.between 0 65535;
      s8 = ints.between (-128) 127;
    };
    port = ints.u16;
    float = mkType "float" "floating point number" { };
    number = either int float;
    str = mkType "str" "string" { };
    nonEmptyStr = addCheck str (s: builtins.match "[ \t\n]*" s == null) // { name = "nonEmptyStr"; description = "non-empty string"; };
    singleLineStr = addCheck str (s: builtins.match "[^\n\r]*\n?" s != null) // { name = "singleLineStr"; description = "(optionally newline-terminated) single-line string"; };
    lines = mkType "lines" "strings concatenated with \"\\n\"" { separator = "\n"; };
    commas = mkType "commas" "strings concatenated with \",\"" { separator = ","; };
    separatedString = sep: mkType "separatedString" "strings concatenated with ${builtins.toJSON sep}" { separator = sep; };
    envVar = separatedString ":";
    path = mkType "path" "path" { };
    pathInStore = path;
    package = mkType "package" "package" { };
    enum = values: mkType "enum" "one of ${lib.concatMapStringsSep ", " builtins.toJSON values}" { inherit values; };
    nullOr = elemType: elemOf "nullOr" "null or ${elemType.description}" elemType;
    listOf = elemType: elemOf "listOf" "list of ${elemType.description}" elemType;
    nonEmptyListOf = elemType: addCheck (listOf elemType) (l: l != [ ]) // { name = "nonEmptyListOf"; };
    attrsOf = elemType: elemOf "attrsOf" "attribute set of ${elemType.description}" elemType;
    lazyAttrsOf = elemType: elemOf "lazyAttrsOf" "lazy attribute set of ${elemType.description}" elemType;
    attrs = mkType "attrs" "attribute set" { };
    uniq = elemType: elemOf "uniq" elemType.description elemType;
    unique = { message }: uniq;
    functionTo = elemType: elemOf "functionTo" "function that evaluates to a(n) ${elemType.description}" elemType;
    either = left: right: mkType "either" "${left.description} or ${right.description}" {
      inherit left right;
      nestedTypes = { inherit left right; };
    };
    oneOf = ts: lib.foldl' either (builtins.head ts) (builtins.tail ts);
    coercedTo = coercedType: coerceFunc: finalType: mkType "coercedTo" "${finalType.description} or ${coercedType.description} convertible to it" {
      inherit coercedType coerceFunc finalType;
      nestedTypes = { inherit coercedType finalType; };
    };
    addCheck = elemType: check: elemType // {
      checks = (elemType.checks or [ ]) ++ [ check ];
    };
    submoduleWith = { modules, specialArgs ? { }, shorthandOnlyDefinesConfig ? false, description ? null, class ? null }:
      mkType "submodule" (if description != null then description else "submodule") {
        inherit modules specialArgs shorthandOnlyDefinesConfig class;
      };
    submodule = modules: submoduleWith {
      shorthandOnlyDefinesConfig = true;
      modules = lib.toList modules;
    };
    deferredModuleWith = { staticModules ? [ ] }: mkType "deferredModule" "module" { inherit staticModules; };
    deferredModule = deferredModuleWith { };
    optionType = mkType "optionType" "optionType" { };
    # Not in nixpkgs: after priorities, the last definition wins (the
    # merge flake-aspects uses for `__functor`).
    lastDefinitionWins = mkType "lastWins" "value (last definition wins)" { };
    # Not in nixpkgs: `anything` whose sets merge attribute by attribute,
    # lazily (how the playground shows class configurations).
    lazyAnything = mkType "lazyAnything" "anything" { };
  };
in
{
  inherit mkIf mkMerge mkOverride mkOptionDefault mkDefault mkImageMediaOverride
    mkForce mkVMOverride mkOrder mkBefore mkAfter defaultOrderPriority
    mkOption mkEnableOption mkPackageOption literalExpression literalMD
    mkSinkUndeclaredOptions mkAliasOptionModule mkRenamedOptionModule
    isOptionType isType types;
  options = { inherit mkOption mkEnableOption mkPackageOption literalExpression literalMD mkSinkUndeclaredOptions isOption; };
  modules = { inherit mkIf mkMerge mkOverride mkOptionDefault mkDefault mkForce mkOrder mkBefore mkAfter mkAliasOptionModule; };
  inherit isOption;
}
