# import-tree, written for Aspect Playground from the behaviour recorded in
# SEMANTICS.md section 3 (vic/import-tree): a value that, called with paths
# (or imported as a module), becomes a module importing every `.nix` file
# below them, with a builder API to filter, map and extend it.
#
# `{ lib }: tree`: `lib` is preset, so `withLib` is optional here.
#
# A tree is an attribute set holding its configuration in `__config` and
# callable through `__functor`:
#   tree ./modules            -> { imports = [ <module importing the leaves> ]; }
#   imports = [ tree ]        -> the same for the paths added with addPath
# Leaves: every file below the given paths (directory entries in sorted
# order, recursively), kept when its path relative to the root it was
# found under ends in `.nix` and has no component starting with `_`, and
# when every filter accepts that relative path. `map` functions apply to
# the kept (absolute) paths. Items that are not paths (modules, other
# values) are kept when the filters accept them; other trees contribute
# their own leaves (then checked against this tree's filters too).
{ lib }:
let
  inherit (builtins) isAttrs isPath isString filter map readDir readFileType pathExists toString;

  hasOutPath = x: isAttrs x && x ? outPath;
  isPathLike = x: isPath x || isString x || hasOutPath x;
  pathString = x: if hasOutPath x then toString x.outPath else toString x;
  isDirectory = x: isPathLike x && pathExists (pathString x)
    && readFileType (pathString x) == "directory";
  isTree = x: isAttrs x && x ? __config && x ? __functor;
  # Imported as a module, a tree is called with the module arguments.
  isModuleArgs = x: isAttrs x && x ? options;

  both = f: g: x: f x && g x;

  # The default rule, on paths relative to their root ("/a/b.nix").
  defaultFilter = rel: lib.hasSuffix ".nix" rel && !(lib.hasInfix "/_" rel);

  # Every file below a directory: entries in sorted order, depth first.
  listFiles = dir:
    lib.concatLists (lib.mapAttrsToList
      (name: type:
        let p = dir + "/${name}"; in
        if type == "directory" then listFiles p else [ p ])
      (readDir dir));

  # The root a path is relative to: the first directory root holding it.
  relativeTo = dirs: p:
    let
      s = toString p;
      holding = filter (d: lib.hasPrefix (d + "/") s) dirs;
    in
    if holding == [ ] then s else lib.removePrefix (builtins.head holding) s;

  asPath = x: if isPath x then x else /. + pathString x;

  # Items of the roots: [ { item; rel; } ] where rel is the path relative
  # to its root (null for values that are not paths).
  itemsOf = cfg: roots:
    let
      flat = lib.flatten roots;
      dirs = map pathString (filter isDirectory flat);
      expand = x:
        if isTree x then
          map (f: { item = f; rel = relativeTo dirs f; })
            (files (x.__config // { lib = cfg.lib; }) [ ])
        else if isDirectory x then
          let root = pathString x; in
          map (f: { item = f; rel = lib.removePrefix root (toString f); }) (listFiles (asPath x))
        else if isPathLike x && !(pathExists (pathString x)) then
          throw "import-tree: ${pathString x} does not exist"
        else if isPathLike x then
          [ { item = x; rel = relativeTo dirs x; } ]
        else
          [ { item = x; rel = null; } ];
    in
    lib.concatMap expand flat;

  keep = cfg: { item, rel }:
    if rel != null then
      (if cfg.initf != null then cfg.initf rel else defaultFilter rel) && cfg.filterf rel
    else
      (if cfg.initf != null then cfg.initf item else true) && cfg.filterf item;

  # The kept leaves of a configuration called with `roots`.
  files = cfg: roots:
    map cfg.mapf (map (x: x.item) (filter (keep cfg) (itemsOf cfg [ cfg.paths roots ])));

  perform = cfg: roots:
    if cfg.pipef != null then
      (if cfg.lib == null then throw "import-tree: call withLib before reading the tree's files"
       else cfg.pipef (files cfg roots))
    else
      # The module system sees the same two layers as with vic/import-tree.
      { imports = [ ({ ... }: { imports = files cfg roots; }) ]; };

  make = cfg:
    let
      tree = api // methods;
      api = builtins.mapAttrs (_: g: g tree) cfg.api;
      set = changes: make (cfg // changes);
      methods = {
        __config = cfg;
        __functor = self: arg: perform self.__config (if isModuleArgs arg then [ ] else arg);

        # Accumulating: earlier filters run first, earlier maps apply first.
        filter = f: set { filterf = both cfg.filterf f; };
        filterNot = f: set { filterf = both cfg.filterf (x: !(f x)); };
        match = re: set { filterf = both cfg.filterf (x: builtins.match re (toString x) != null); };
        matchNot = re: set { filterf = both cfg.filterf (x: builtins.match re (toString x) == null); };
        map = f: set { mapf = x: f (cfg.mapf x); };
        addPath = p: set { paths = cfg.paths ++ [ p ]; };
        addAPI = more: set { api = cfg.api // more; };

        # Replacing.
        withLib = l: set { lib = l; };
        initFilter = f: set { initf = f; };
        pipeTo = f: set { pipef = f; };
        leafs = set { pipef = x: x; };
        result = perform cfg [ ];
        files = files cfg [ ];
        new = make initial;
      };
    in
    tree;

  initial = {
    api = { };
    mapf = x: x;
    filterf = _: true;
    initf = null;
    pipef = null;
    paths = [ ];
    inherit lib;
  };
in
make initial
