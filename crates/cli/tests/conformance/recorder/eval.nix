# The Nix side of the conformance recorder (see README.md beside this file).
#
# Evaluates one conformance case with the REAL nixpkgs lib, flake-aspects and
# flake-parts (fetched separately; their directories are arguments) and returns one
# piece of the output schema, chosen by `mode`:
#
#   top     { aspects = [names]; flakeModulesKeys = [keys]; classes = { C = [names]; }; }
#   aspect  the ASPECT record of aspect `name` (includes of kind provider carry
#           name = "__RECORDER_PROBE__"; record.py fills them in with `probe`)
#   probe   the probed name of include number `index` of aspect `name`
#   module  the configuration of flake.modules.`class`.`name`
#
# Errors are not caught here (except a catchable error in a probe, which is null):
# record.py runs one nix-instantiate per piece and reads the message from stderr.
{
  casePath, # absolute path of CASE.nix or of a directory case
  libDir, # nixpkgs lib directory (the one holding default.nix, types.nix, ...)
  faDir, # vic/flake-aspects checkout
  fpDir, # hercules-ci/flake-parts checkout
  mode,
  name ? "",
  class ? "",
  index ? "0",
}:
let
  lib = import (/. + libDir);
  inherit (builtins)
    attrNames
    elem
    elemAt
    filter
    isAttrs
    isFunction
    isList
    isPath
    readDir
    ;

  case = /. + casePath;

  # A file of a case is one module, or a list of modules (each one then gets the
  # file name suffixed with `#N`, N counted from 1).
  loadFile =
    path:
    let
      value = import path;
    in
    if isList value then
      {
        _file = toString path;
        key = toString path;
        imports = lib.imap1 (i: m: {
          _file = "${toString path}#${toString i}";
          imports = [ m ];
        }) value;
      }
    else
      path;

  caseModules =
    if (readDir (dirOf case)).${baseNameOf case} == "directory" then
      map (f: loadFile (case + "/${f}")) (
        lib.sort (a: b: a < b) (
          filter (f: lib.hasSuffix ".nix" f && (readDir case).${f} == "regular") (attrNames (readDir case))
        )
      )
    else
      [ (loadFile case) ];

  flake = lib.evalModules {
    class = "flake";
    specialArgs = {
      inputs = {
        flake-aspects = {
          lib = import (/. + faDir + "/nix/lib.nix");
        };
      };
      self = { };
      moduleLocation = "CASE";
    };
    modules = [
      (/. + fpDir + "/modules/flake.nix")
      (/. + fpDir + "/extras/modules.nix")
      (/. + faDir + "/nix/flakeModule.nix")
    ]
    ++ caseModules;
  };

  aspects = flake.config.flake.aspects;
  modules = flake.config.flake.modules;

  optionNames = [
    "name"
    "description"
    "includes"
    "provides"
    "_"
    "__functor"
    "modules"
    "resolve"
    "_module"
    "__functionArgs"
  ];

  isProvider =
    v:
    isFunction v
    || isAttrs v && v ? __functor && lib.subtractLists [ "__functor" "__functionArgs" ] (attrNames v) == [ ];

  probeMarker = "__RECORDER_PROBE__";

  includeJson =
    probe: inc:
    if isProvider inc then
      {
        kind = "provider";
        functionArgs = lib.functionArgs inc;
      }
      // lib.optionalAttrs probe { name = probeMarker; }
    else
      {
        kind = "aspect";
        name = inc.name or null;
      };

  aspectJson =
    depth: probe: v:
    if isProvider v then
      {
        kind = "provider";
        functionArgs = lib.functionArgs v;
      }
    else
      {
        kind = "aspect";
        inherit (v) name description;
        classes = filter (n: !elem n optionNames) (attrNames v);
        includes = map (includeJson probe) v.includes;
        provides = if depth < 8 then lib.mapAttrs (_: aspectJson (depth + 1) false) v.provides else { };
      };

  probeName =
    let
      owner = aspects.${name};
      inc = elemAt owner.includes (lib.toInt index);
      result = inc {
        class = "__probe__";
        aspect-chain = [ owner ];
      };
      named = if isProvider result then "<provider>" else result.name or null;
      tried = builtins.tryEval (builtins.deepSeq named named);
    in
    if tried.success then tried.value else null;

  # The freeform type configurations are shown with: lists concatenate, sets merge
  # lazily, scalars must be equal, different types conflict. An attribute all of
  # whose definitions are `mkIf false` gets the sentinel and is left out.
  undefinedSentinel = {
    __recorderUndefined = true;
  };
  showAny = lib.mkOptionType {
    name = "recorderAny";
    description = "anything (lists concatenate)";
    check = _: true;
    emptyValue = {
      value = undefinedSentinel;
    };
    merge =
      loc: defs:
      let
        getType =
          value: if isAttrs value && lib.isStringLike value then "stringCoercibleSet" else builtins.typeOf value;
        commonType = builtins.foldl' (
          type: def:
          if getType def.value == type then
            type
          else
            throw "The option `${lib.showOption loc}' has conflicting option types in ${lib.options.showFiles (lib.options.getFiles defs)}"
        ) (getType (builtins.head defs).value) defs;
        mergeFunction =
          {
            set = (lib.types.lazyAttrsOf showAny).merge;
            list = (lib.types.listOf showAny).merge;
            stringCoercibleSet = lib.options.mergeOneOption;
            lambda =
              loc: defs: arg:
              showAny.merge (loc ++ [ "<function body>" ]) (
                map (def: {
                  file = def.file;
                  value = def.value arg;
                }) defs
              );
          }
          .${commonType} or lib.options.mergeEqualOption;
      in
      mergeFunction loc defs;
  };

  isUndefined = v: isAttrs v && v ? __recorderUndefined;

  render =
    v:
    if isFunction v || isAttrs v && v ? __functor then
      "<lambda>"
    else if isPath v then
      "<path:${baseNameOf v}>"
    else if isAttrs v then
      lib.mapAttrs (_: render) (lib.filterAttrs (_: x: !isUndefined x) v)
    else if isList v then
      map render v
    else
      v;

  moduleConfig =
    let
      evaluated = lib.evalModules {
        inherit class;
        modules = [
          { freeformType = lib.types.lazyAttrsOf showAny; }
          modules.${class}.${name}
        ];
      };
    in
    render (removeAttrs evaluated.config [ "_module" ]);

  result =
    {
      top = {
        aspects = attrNames aspects;
        flakeModulesKeys = attrNames modules;
        classes = lib.mapAttrs (_: attrNames) (removeAttrs modules optionNames);
      };
      aspect = aspectJson 0 true aspects.${name};
      probe = probeName;
      module = moduleConfig;
    }
    .${mode};
in
result
