# What an exported flake's `flake.modules` evaluate to, in the shape of the
# conformance corpus' `modules` (shared/conformance/README.md): used by
# verify.py as `nix eval --impure .#modules --apply 'import configs.nix { ... }'`.
#
#   { lib; }                 -> { names = { CLASS = [ NAME ]; }; keys = [ every key ]; }
#   { lib; class; name; }    -> the configuration of flake.modules.CLASS.NAME
#
# A configuration is the module evaluated with `class = CLASS` and a free-form
# type under which lists concatenate, attribute sets merge lazily, other values
# must be equal and values of different types conflict; an attribute whose
# definitions are all `mkIf false` is left out. Functions show as "<lambda>",
# paths as "<path:BASENAME>".
{
  lib,
  class ? null,
  name ? null,
}:
modules:
let
  inherit (builtins)
    attrNames
    head
    isAttrs
    isFunction
    isList
    isPath
    length
    typeOf
    ;

  # Keys flake-aspects adds to flake.modules that are not classes.
  notClasses = [
    "_"
    "__functionArgs"
    "__functor"
    "description"
    "includes"
    "modules"
    "name"
    "provides"
    "resolve"
  ];

  absent = {
    __exportVerifyAbsent = true;
  };
  isAbsent = v: isAttrs v && v ? __exportVerifyAbsent;

  kindOf = v: if isAttrs v && lib.isStringLike v then "string-like set" else typeOf v;

  free = lib.mkOptionType {
    name = "exportVerifyFree";
    description = "free-form value (lists concatenate)";
    check = _: true;
    emptyValue = {
      value = absent;
    };
    merge =
      loc: defs:
      let
        kinds = lib.unique (map (d: kindOf d.value) defs);
        kind = head kinds;
      in
      if length kinds > 1 then
        throw "The option `${lib.showOption loc}' has conflicting option types in ${lib.options.showFiles (lib.options.getFiles defs)}"
      else if kind == "set" then
        (lib.types.lazyAttrsOf free).merge loc defs
      else if kind == "list" then
        (lib.types.listOf free).merge loc defs
      else if kind == "lambda" then
        arg:
        free.merge (loc ++ [ "<function body>" ]) (
          map (d: {
            inherit (d) file;
            value = d.value arg;
          }) defs
        )
      else if kind == "string-like set" then
        lib.options.mergeOneOption loc defs
      else
        lib.options.mergeEqualOption loc defs;
  };

  render =
    v:
    if isFunction v || isAttrs v && v ? __functor then
      "<lambda>"
    else if isPath v then
      "<path:${baseNameOf v}>"
    else if isAttrs v then
      lib.mapAttrs (_: render) (lib.filterAttrs (_: x: !isAbsent x) v)
    else if isList v then
      map render v
    else
      v;

  configOf =
    c: n:
    render (
      removeAttrs
        (lib.evalModules {
          class = c;
          modules = [
            { freeformType = lib.types.lazyAttrsOf free; }
            modules.${c}.${n}
          ];
        }).config
        [ "_module" ]
    );

  classes = removeAttrs modules notClasses;
in
if class == null then
  {
    names = lib.mapAttrs (_: attrNames) classes;
    keys = attrNames modules;
  }
else
  configOf class name
