# The `lib` prelude of Aspect Playground's Nix evaluator.
#
# A function from the builtins attrset to `lib`: the part of nixpkgs' library
# that aspect code calls (attrsets, lists, strings, trivial helpers, fixed
# points, versions, asserts, a little debug), written for this project.
# The module-system vocabulary (mkIf, mkOption, types, evalModules, ...) is not
# here.
#
# Ground rules for this file, so that the Rust evaluator can run it unchanged:
#   * only builtins from the evaluator's supported set are used, and only
#     through the `builtins` argument (never the global scope);
#   * no `import`, no `__curPos`, no string-context primitives;
#   * null is tested with `== null`.
#
# Layout: every function is defined once in the big `let` below; the
# namespaces (lib.attrsets, lib.lists, ...) and the top level only pick names
# out of it.  `README.md` next to this file lists every exported name.

builtins:

let
  # ---------------------------------------------------------------- builtins
  # Everything taken from the (supported) builtins, named once.
  inherit (builtins)
    attrNames attrValues hasAttr getAttr removeAttrs listToAttrs mapAttrs
    intersectAttrs catAttrs zipAttrsWith
    isAttrs isList isString isInt isFloat isBool isPath typeOf
    length head tail elemAt elem map filter concatLists concatMap genList
    sort partition all any add sub mul div lessThan bitAnd bitOr bitXor
    floor ceil toString toJSON fromJSON substring stringLength replaceStrings
    split match concatStringsSep seq deepSeq tryEval trace addErrorContext
    genericClosure baseNameOf dirOf parseDrvName splitVersion compareVersions
    hashString throw abort;

  # Strict left fold straight from the builtins (the library version below
  # additionally forces the starting value).
  builtinFoldl = builtins."foldl'";

  # `builtins.groupBy` is in the supported set; keep the name for clarity.
  groupBy = builtins.groupBy;

  # ================================================================ trivial

  # The identity function.
  id = x: x;

  # A function that ignores its second argument and returns the first.
  const = x: _ignored: x;

  # Feed `value` through a list of functions, first function first.
  pipe = value: fns: builtinFoldl (acc: fn: fn acc) value fns;

  # Swap the first two arguments of a binary function.
  flip = f: a: b: f b a;

  # List concatenation as a function.
  concat = xs: ys: xs ++ ys;

  # Boolean operators as functions (`or` is exported under a quoted name).
  orFn = a: b: a || b;
  and = a: b: a && b;
  # Exclusive or: true when exactly one argument is true.
  xor = a: b: (!a) != (!b);

  # Bitwise complement of an integer (two's complement: -x - 1).
  bitNot = sub (-1);

  # Smaller / larger of two comparable values.
  min = a: b: if a < b then a else b;
  max = a: b: if a > b then a else b;

  # Remainder of integer division, with the sign of the dividend (like C).
  mod = a: b: a - b * (div a b);

  # Three-way comparison: -1, 0 or 1.
  compare = a: b: if a < b then -1 else if a > b then 1 else 0;

  # Compare with `cmpA` the values accepted by predicate `p`, with `cmpB` the
  # rest; accepted values sort before rejected ones.
  splitByAndCompare = p: cmpA: cmpB: a: b:
    if p a then (if p b then cmpA a b else -1)
    else if p b then 1
    else cmpB a b;

  # "true" / "false", and "yes" / "no".
  boolToString = b: if b then "true" else "false";
  boolToYesNo = b: if b then "yes" else "no";

  # Right-biased attrset union as a function.
  mergeAttrs = x: y: x // y;

  # `value` unless it is null, then `default`.
  defaultTo = default: value: if value == null then default else value;

  # Apply `f` unless the value is null (null stays null).
  mapNullable = f: value: if value == null then null else f value;

  # A value is callable if it is a lambda/primop or an attrset whose
  # `__functor` yields something callable.
  isFunction = f:
    builtins.isFunction f
    || (isAttrs f && f ? __functor && isFunction (f.__functor f));

  # Formal arguments of a function ({ name = hasDefault; }).  Functors may
  # announce them through `__functionArgs` (see setFunctionArgs); otherwise
  # look through the functor to the function it produces.
  functionArgs = f:
    if isAttrs f && f ? __functor
    then f.__functionArgs or (functionArgs (f.__functor f))
    else builtins.functionArgs f;

  # Wrap `f` in a functor that reports `args` as its formal arguments.
  setFunctionArgs = f: args: {
    __functor = self: f;
    __functionArgs = args;
  };

  # Give `g` the same reported formal arguments as `f`.
  mirrorFunctionArgs = f:
    let fArgs = functionArgs f;
    in g: setFunctionArgs g fArgs;

  # Turn a non-function into a constant function; leave functions alone.
  toFunction = v: if isFunction v then v else _ignored: v;

  # Print a warning, then return the second argument.  Uses builtins.warn
  # where the evaluator has it, otherwise a trace line.
  warn =
    if builtins ? warn then builtins.warn
    else msg: trace "warning: ${msg}";

  # Conditional warnings: warn (and return the value) when the condition
  # holds / does not hold; otherwise just return the value.
  warnIf = cond: msg: if cond then warn msg else id;
  warnIfNot = cond: msg: if cond then id else warn msg;

  # Conditional failure: throw `msg` when the condition holds / does not
  # hold; otherwise return the value unchanged.
  throwIf = cond: msg: if cond then throw msg else id;
  throwIfNot = cond: msg: if cond then id else throw msg;

  # Print an informational trace line, then return the second argument.
  info = msg: trace "INFO: ${msg}";

  # Throw unless every element of `given` appears in `valid`.
  checkListOfEnum = msg: valid: given:
    let unexpected = subtractLists valid given;
    in if unexpected == [] then id
       else throw "${msg}: ${concatMapStringsSep ", " toPrettyAtom unexpected} unexpected; valid ones: ${concatMapStringsSep ", " toPrettyAtom valid}";

  # A short rendering of a value for error messages (not a full printer).
  toPrettyAtom = v:
    if isString v then escapeNixString v
    else if v == null then "null"
    else if isBool v then boolToString v
    else if isInt v || isFloat v then toString v
    else if isList v then "[ ${concatMapStringsSep " " toPrettyAtom v} ]"
    else if isAttrs v then "{ ${concatMapStringsSep " " (n: "${escapeNixIdentifier n} = ${toPrettyAtom v.${n}};") (attrNames v)} }"
    else "<${typeOf v}>";

  # Render an integer in base 16 / as a list of digits in any base >= 2.
  toBaseDigits = base: n:
    let
      go = acc: k: if k < base then [ k ] ++ acc else go ([ (mod k base) ] ++ acc) (div k base);
    in
    assert assertMsg (base >= 2) "toBaseDigits: the base must be at least 2";
    assert assertMsg (n >= 0) "toBaseDigits: the number must not be negative";
    go [] n;
  hexDigitChars = [ "0" "1" "2" "3" "4" "5" "6" "7" "8" "9" "A" "B" "C" "D" "E" "F" ];
  toHexString = n: concatMapStrings (d: elemAt hexDigitChars d) (toBaseDigits 16 n);

  # ============================================================ fixed points

  # The least fixed point of `f`: the value x with x == f x, tied lazily.
  fix = f: let x = f x; in x;

  # Like fix, but remember the generating function under `__unfix__`.
  fix' = f: let x = f x // { __unfix__ = f; }; in x;

  # Apply `f` repeatedly until the result stops changing.
  converge = f: x:
    let next = f x;
    in if next == x then x else converge f next;

  # Layer an overlay (final: prev: changes) over a generating function.
  extends = overlay: rattrs: final:
    let prev = rattrs final;
    in prev // overlay final prev;

  # Combine two overlays into one; the second sees the first's changes.
  composeExtensions = first: second: final: prev:
    let
      fromFirst = first final prev;
      fromSecond = second final (prev // fromFirst);
    in fromFirst // fromSecond;

  # Combine a list of overlays, left to right.
  composeManyExtensions =
    foldr (overlay: acc: composeExtensions overlay acc) (_final: _prev: {});

  # Accept an overlay given as a function of (final, prev), of prev only, or
  # as a plain attrset of changes.  (A one-argument function gets prev.)
  toExtension = v:
    if isFunction v
    then final: prev:
      let onPrev = v prev;
      in if isFunction onPrev then v final prev else onPrev
    else _final: _prev: v;

  # An attrset built from `rattrs` (a function of its own final value) that
  # can be extended later with `.${name} overlay`.
  makeExtensibleWithCustomName = name: rattrs:
    fix' (self: rattrs self // {
      ${name} = overlay: makeExtensibleWithCustomName name (extends (toExtension overlay) rattrs);
    });
  makeExtensible = makeExtensibleWithCustomName "extend";

  # =============================================================== asserts

  # `true` if `pred` holds; otherwise throw `msg` (use with `assert`).
  assertMsg = pred: msg: pred || throw msg;

  # Assert that `value` is one of `allowed`, naming the option in the error.
  assertOneOf = name: value: allowed:
    assertMsg (elem value allowed)
      "${name} must be one of ${toPrettyAtom allowed}, but is: ${toPrettyAtom value}";

  # The same for every element of a list.
  assertEachOneOf = name: values: allowed:
    assertMsg (all (v: elem v allowed) values)
      "each element in ${name} must be one of ${toPrettyAtom allowed}, but is: ${toPrettyAtom values}";

  # ================================================================= debug

  # Trace `msg` only when the condition holds.
  traceIf = cond: msg: x: if cond then trace msg x else x;

  # Trace a value (after applying `f`) and return it.
  traceValFn = f: x: trace (f x) x;
  traceVal = traceValFn id;

  # Fully evaluate the first argument, trace it, return the second.
  traceSeq = x: y: trace (deepSeq x x) y;

  # Fully evaluate a value, trace it and return it.
  traceValSeqFn = f: v: traceValFn f (deepSeq v v);
  traceValSeq = traceValSeqFn id;

  # ================================================================= lists

  # Strict left fold; the initial accumulator is forced too.
  foldl' = op: acc: list: seq acc (builtinFoldl op acc list);

  # Lazy right fold: op x0 (op x1 (... (op xn nul))).
  foldr = op: nul: list:
    let
      len = length list;
      go = i: if i == len then nul else op (elemAt list i) (go (i + 1));
    in go 0;

  # Old name of foldr.
  fold = foldr;

  # Lazy left fold: op (... (op (op nul x0) x1) ...) xn.
  foldl = op: nul: list:
    let go = i: if i < 0 then nul else op (go (i - 1)) (elemAt list i);
    in go (length list - 1);

  # Map with the element's index, counting from 0 / from 1.
  imap0 = f: list: genList (i: f i (elemAt list i)) (length list);
  imap1 = f: list: genList (i: f (i + 1) (elemAt list i)) (length list);

  # Filter with a predicate that also receives the index (from 0).
  ifilter0 = pred: list:
    let
      kept = filter (i: pred i (elemAt list i)) (genList id (length list));
    in map (i: elemAt list i) kept;

  # Swap arguments of map, for `forEach xs (x: ...)` style.
  forEach = list: f: map f list;

  # A one-element list.
  singleton = x: [ x ];

  # [x] when the condition holds, [] otherwise.
  optional = cond: x: if cond then [ x ] else [];

  # The list when the condition holds, [] otherwise.
  optionals = cond: xs: if cond then xs else [];

  # Wrap a non-list in a list; leave lists alone.
  toList = x: if isList x then x else [ x ];

  # Recursively splice nested lists into one flat list; a non-list becomes
  # a one-element list.
  flatten = x: if isList x then concatMap flatten x else [ x ];

  # Drop every element equal to `e`.
  remove = e: filter (x: x != e);

  # Index of the first element satisfying `pred`, or `default`.
  findFirstIndex = pred: default: list:
    let
      len = length list;
      go = i:
        if i == len then default
        else if pred (elemAt list i) then i
        else go (i + 1);
    in go 0;

  # First element satisfying `pred`, or `default`.
  findFirst = pred: default: list:
    let i = findFirstIndex pred null list;
    in if i == null then default else elemAt list i;

  # The only element satisfying `pred`; `default` when none does and
  # `multiple` when more than one does.
  findSingle = pred: default: multiple: list:
    let hits = filter pred list;
    in if hits == [] then default
       else if length hits == 1 then head hits
       else multiple;

  # Number of elements satisfying `pred`.
  count = pred: builtinFoldl (n: x: if pred x then n + 1 else n) 0;

  # Integers from `first` to `last`, both included ([] if first > last).
  range = first: last:
    if first > last then [] else genList (i: first + i) (last - first + 1);

  # A list of `n` copies of `x`.
  replicate = n: x: genList (_i: x) n;

  # Group with `groupBy`, then fold each group with `op` from `nul`.
  groupBy' = op: nul: key: list:
    mapAttrs (_name: group: builtinFoldl op nul group) (groupBy key list);

  # Pairwise combination of two lists; the result is as long as the shorter.
  zipListsWith = f: xs: ys:
    genList (i: f (elemAt xs i) (elemAt ys i)) (min (length xs) (length ys));

  # Pairwise { fst; snd; } records.
  zipLists = zipListsWith (fst: snd: { inherit fst snd; });

  # The list backwards.
  reverseList = list:
    let len = length list;
    in genList (i: elemAt list (len - 1 - i)) len;

  # Depth-first search for an element with nothing `before` it.
  # Starting from the first element, keep moving to the first remaining
  # element that must come before the current one.  Returns
  #   { minimal; visited; rest; }  when such an element is reached, or
  #   { cycle; loops; visited; rest; }  when `stopOnCycles` is set and an
  # already visited element must come before the current one.
  listDfs = stopOnCycles: before: list:
    let
      walk = current: visited: pending:
        let
          backEdges = filter (v: before v current) visited;
          split' = partition (p: before p current) pending;
        in
        if stopOnCycles && backEdges != [] then
          { cycle = current; loops = backEdges; inherit visited; rest = pending; }
        else if split'.right == [] then
          { minimal = current; inherit visited; rest = pending; }
        else
          walk (head split'.right) ([ current ] ++ visited) (tail split'.right ++ split'.wrong);
    in walk (head list) [] (tail list);

  # Topological sort by the relation `before a b` ("a must precede b").
  # Returns { result = sorted; } or, if there is a cycle,
  # { cycle = [...]; loops = [...]; }.
  toposort = before: list:
    if length list < 2 then { result = list; }
    else
      let
        search = listDfs true before list;
        others = toposort before (search.visited ++ search.rest);
      in
      if search ? cycle then
        { cycle = reverseList ([ search.cycle ] ++ search.visited); inherit (search) loops; }
      else if others ? cycle then others
      else { result = [ search.minimal ] ++ others.result; };

  # Sort by a key computed once per element (stable).
  sortOn = f: list:
    let keyed = map (x: { key = f x; value = x; }) list;
    in map (p: p.value) (sort (a: b: a.key < b.key) keyed);

  # Lexicographic comparison of two lists using the element comparison
  # `cmp` (which returns -1, 0 or 1).
  compareLists = cmp: xs: ys:
    let
      lx = length xs;
      ly = length ys;
      go = i:
        if i == lx then (if i == ly then 0 else -1)
        else if i == ly then 1
        else
          let r = cmp (elemAt xs i) (elemAt ys i);
          in if r == 0 then go (i + 1) else r;
    in go 0;

  # Sort strings so that runs of digits compare as numbers ("a2" < "a10").
  naturalSort = list:
    let
      # Alternating text and number pieces; split always starts and ends
      # with text, so pieces at the same position have the same type.
      pieces = s: map (p: if isList p then fromJSON (head p) else p) (split "(0|[1-9][0-9]*)" s);
      keyed = map (s: { key = pieces s; value = s; }) list;
    in map (p: p.value) (sort (a: b: compareLists compare a.key b.key < 0) keyed);

  # `count` elements of `list` starting at index `start` (clamped to the
  # list; negative counts are treated as 0).
  sublist = start: count': list:
    let
      len = length list;
      from = max 0 start;
      n = if from >= len then 0 else max 0 (min count' (len - from));
    in genList (i: elemAt list (from + i)) n;

  # First / last `n` elements, and all but the first / last `n`.
  take = n: sublist 0 n;
  drop = n: list: sublist n (length list) list;
  takeEnd = n: list: drop (max 0 (length list - n)) list;
  dropEnd = n: list: sublist 0 (length list - n) list;

  # Is `prefix` a prefix of `list`?  (list version; lib.hasPrefix is the
  # string one)
  listHasPrefix = prefix: list: take (length prefix) list == prefix;

  # `list` without the leading `prefix` (which must be present).
  listRemovePrefix = prefix: list:
    if listHasPrefix prefix list then drop (length prefix) list
    else throw "lists.removePrefix: the first argument is not a prefix of the second";

  # Longest common prefix of two lists.
  commonPrefix = xs: ys:
    let
      n = min (length xs) (length ys);
      firstDiff = findFirstIndex (i: elemAt xs i != elemAt ys i) n (genList id n);
    in take firstDiff xs;

  # Last element / everything but the last element of a non-empty list.
  last = list:
    assert assertMsg (list != []) "lists.last: the list is empty";
    elemAt list (length list - 1);
  init = list:
    assert assertMsg (list != []) "lists.init: the list is empty";
    take (length list - 1) list;

  # Replace the element at index `i`.
  replaceElemAt = list: i: value:
    assert assertMsg (i >= 0 && i < length list) "lists.replaceElemAt: index ${toString i} is out of range";
    genList (j: if j == i then value else elemAt list j) (length list);

  # Every combination of one element from each list, as a list.
  crossLists = f: lists:
    map (combo: builtinFoldl (g: x: g x) f combo)
      (foldr (xs: tails: concatMap (x: map (t: [ x ] ++ t) tails) xs) [ [] ] lists);

  # Keep the first occurrence of every element, in order.
  unique = builtinFoldl (seen: x: if elem x seen then seen else seen ++ [ x ]) [];

  # Distinct strings, via attrset keys (so the result comes out sorted).
  uniqueStrings = list: attrNames (listToAttrs (map (s: { name = s; value = null; }) list));

  # No element occurs twice.
  allUnique = list: length (unique list) == length list;

  # Elements of the second list that are / are not in the first.
  intersectLists = e: filter (x: elem x e);
  subtractLists = e: filter (x: !(elem x e));

  # The two lists have no element in common.
  mutuallyExclusive = a: b: a == [] || !(any (x: elem x a) b);

  # Concatenate the list values of an attrset, in name order.
  concatAttrValues = set: concatLists (attrValues set);

  # ================================================================ strings

  # Join strings without / with a separator, optionally mapping first.
  concatStrings = concatStringsSep "";
  concatMapStrings = f: list: concatStrings (map f list);
  concatImapStrings = f: list: concatStrings (imap1 f list);
  concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);
  concatImapStringsSep = sep: f: list: concatStringsSep sep (imap1 f list);
  join = concatStringsSep;

  # Each string followed by a newline.
  concatLines = concatMapStrings (s: s + "\n");

  # Map over the attributes of a set and join the resulting strings.
  concatMapAttrsStringSep = sep: f: set: concatStringsSep sep (mapAttrsToList f set);

  # Put `sep` between consecutive elements of a list.
  intersperse = sep: list:
    if list == [] then []
    else tail (concatMap (x: [ sep x ]) list);

  # The string when the condition holds, "" otherwise.
  optionalString = cond: s: if cond then s else "";

  # Prefix / suffix / substring tests.
  hasPrefix = prefix: s:
    substring 0 (stringLength prefix) s == prefix;
  hasSuffix = suffix: s:
    let
      ls = stringLength s;
      lx = stringLength suffix;
    in ls >= lx && substring (ls - lx) lx s == suffix;
  hasInfix = needle: haystack:
    let
      s = toString haystack;
      ln = stringLength needle;
      lh = stringLength s;
    in ln <= lh && any (i: substring i ln s == needle) (genList id (lh - ln + 1));

  # Strip a prefix / suffix if present; otherwise return the string as is.
  removePrefix = prefix: s:
    if hasPrefix prefix s
    then let n = stringLength prefix; in substring n (stringLength s - n) s
    else s;
  removeSuffix = suffix: s:
    if hasSuffix suffix s
    then substring 0 (stringLength s - stringLength suffix) s
    else s;

  # Length of the longest common prefix / suffix of two strings.
  commonPrefixLength = a: b:
    let n = min (stringLength a) (stringLength b);
    in findFirstIndex (i: substring i 1 a != substring i 1 b) n (genList id n);
  commonSuffixLength = a: b:
    let
      la = stringLength a;
      lb = stringLength b;
      n = min la lb;
    in findFirstIndex (i: substring (la - 1 - i) 1 a != substring (lb - 1 - i) 1 b) n (genList id n);

  # The one-character strings of `s` (bytes, like substring).
  stringToCharacters = s: genList (i: substring i 1 s) (stringLength s);

  # Map every character and join the results.
  stringAsChars = f: s: concatMapStrings f (stringToCharacters s);

  # `n` copies of a string, joined.
  stringsReplicate = n: s: concatStrings (replicate n s);

  # Backslash-escape every character of `chars` in `s`.
  escape = chars: replaceStrings chars (map (c: "\\" + c) chars);

  # Make a literal string safe to use inside a regular expression.
  escapeRegex = escape (stringToCharacters "\\[{()^$?*+|.");

  # A Nix string literal for `s`.
  escapeNixString = s: escape [ "$" ] (toJSON s);

  # `s` as an attribute name in Nix syntax: bare when it is a plain
  # identifier (and not a keyword), quoted otherwise.
  nixKeywords = [ "if" "then" "else" "assert" "with" "let" "in" "rec" "inherit" "or" ];
  escapeNixIdentifier = s:
    if match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null && !(elem s nixKeywords)
    then s
    else escapeNixString s;

  # A word for a POSIX shell: left bare when it only has safe characters,
  # single-quoted otherwise.
  escapeShellArg = arg:
    let s = toString arg;
    in if match "[[:alnum:],._+:@%/-]+" s != null then s
       else "'" + replaceStrings [ "'" ] [ "'\\''" ] s + "'";
  escapeShellArgs = concatMapStringsSep " " escapeShellArg;

  # Escape the five XML special characters.
  escapeXML = replaceStrings [ "\"" "'" "<" ">" "&" ] [ "&quot;" "&apos;" "&lt;" "&gt;" "&amp;" ];

  # Is this a valid POSIX shell variable name?
  isValidPosixName = name: match "[a-zA-Z_][a-zA-Z0-9_]*" name != null;

  # ASCII case conversion.
  lowerChars = stringToCharacters "abcdefghijklmnopqrstuvwxyz";
  upperChars = stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  toLower = replaceStrings upperChars lowerChars;
  toUpper = replaceStrings lowerChars upperChars;

  # Split at every occurrence of the literal separator `sep`.
  splitString = sep: s: filter isString (split (escapeRegex (toString sep)) (toString s));

  # Replace every occurrence of one string by another.
  replaceString = from: to: replaceStrings [ from ] [ to ];

  # Remove leading and/or trailing whitespace (space, tab, CR, LF).
  whitespaceChars = [ " " "\t" "\r" "\n" ];
  trimWith = { start ? false, end ? false }: s:
    let
      len = stringLength s;
      isWs = i: elem (substring i 1 s) whitespaceChars;
      # first index not whitespace (len if none)
      from = if start then findFirstIndex (i: !(isWs i)) len (genList id len) else 0;
      # one past the last index not whitespace
      to =
        if end then
          let j = findFirstIndex (k: !(isWs (len - 1 - k))) len (genList id len);
          in len - j
        else len;
    in if to <= from then "" else substring from (to - from) s;
  trim = trimWith { start = true; end = true; };

  # Left-pad `s` with `filler` (a single character) to `width` characters.
  fixedWidthString = width: filler: s:
    let w = stringLength s;
    in
    assert assertMsg (w <= width) "fixedWidthString: \"${s}\" is longer than ${toString width} characters";
    stringsReplicate (width - w) filler + s;

  # A number zero-padded to `width` digits.
  fixedWidthNumber = width: n: fixedWidthString width "0" (toString n);

  # Version comparisons on version strings.
  versionOlder = v1: v2: compareVersions v2 v1 == 1;
  versionAtLeast = v1: v2: !(versionOlder v1 v2);

  # Name / version of a package given as "name-version" string or as a
  # derivation-like attrset (pname / version win over name).
  getName = x:
    if isString x then (parseDrvName x).name
    else x.pname or (parseDrvName x.name).name;
  getVersion = x:
    if isString x then (parseDrvName x).version
    else x.version or (parseDrvName x.name).version;

  # Parse a decimal integer, with optional surrounding whitespace and sign.
  # toInt refuses leading zeros (they could be meant as octal);
  # toIntBase10 ignores them.
  parseDecimal = allowLeadingZeros: fnName: str:
    let
      m = match "[[:space:]]*(-?)([[:digit:]]+)[[:space:]]*" str;
      sign = elemAt m 0;
      digits = elemAt m 1;
      # digits without their leading zeros, keeping at least one
      firstNonZero = findFirstIndex (i: substring i 1 digits != "0") (stringLength digits - 1) (genList id (stringLength digits));
      stripped = substring firstNonZero (stringLength digits - firstNonZero) digits;
      value = fromJSON (sign + stripped);
      fail = throw "${fnName}: could not convert ${escapeNixString str} to an integer";
    in
    if m == null then fail
    else if !allowLeadingZeros && stripped != digits then
      throw "${fnName}: ${escapeNixString str} has a leading zero, which is ambiguous (octal?); use toIntBase10"
    else if isInt value then value
    else fail;
  toInt = parseDecimal false "toInt";
  toIntBase10 = parseDecimal true "toIntBase10";

  # Strings, paths and things with `outPath` / `__toString` all behave like
  # strings when interpolated.
  isStringLike = x: isString x || isPath x || (isAttrs x && (x ? outPath || x ? __toString));

  # "p1/sub:p2/sub", skipping null entries.
  makeSearchPath = subDir: paths:
    concatStringsSep ":" (map (p: toString p + "/" + subDir) (filter (p: p != null) paths));

  # =============================================================== versions

  # Components of a version string.
  versionPart = i: v: elemAt (splitVersion v) i;
  versionMajor = versionPart 0;
  versionMinor = versionPart 1;
  versionPatch = versionPart 2;
  majorMinor = v: concatStringsSep "." (take 2 (splitVersion v));

  # ================================================================ attrsets

  # { name; value; } as used by listToAttrs.
  nameValuePair = name: value: { inherit name value; };

  # Value at an attribute path, or `default` when some step is missing.
  attrByPath = path: default: set:
    let
      n = length path;
      go = i: s:
        if i == n then s
        else
          let key = elemAt path i;
          in if isAttrs s && s ? ${key} then go (i + 1) s.${key} else default;
    in go 0 set;

  # Does the attribute path exist?
  hasAttrByPath = path: set:
    let
      n = length path;
      go = i: s:
        if i == n then true
        else
          let key = elemAt path i;
          in isAttrs s && s ? ${key} && go (i + 1) s.${key};
    in go 0 set;

  # The longest prefix of `path` that exists in `set`.
  longestValidPathPrefix = path: set:
    let
      n = length path;
      go = i: s:
        if i == n then path
        else
          let key = elemAt path i;
          in if isAttrs s && s ? ${key} then go (i + 1) s.${key} else take i path;
    in go 0 set;

  # A nested attrset holding `value` at `path`.
  setAttrByPath = path: value:
    foldr (name: inner: { ${name} = inner; }) value path;

  # Value at an attribute path; throws when it does not exist.
  getAttrFromPath = path: set:
    attrByPath path (throw "getAttrFromPath: the attribute path ${showAttrPath path} does not exist") set;

  # An attribute path in Nix syntax: a.b."c d".
  showAttrPath = path:
    if path == [] then "<root attribute path>"
    else concatMapStringsSep "." escapeNixIdentifier path;

  # Values / sub-attrset for a list of names (all must exist).
  attrVals = names: set: map (n: set.${n}) names;
  getAttrs = names: set: genAttrs names (n: set.${n});

  # The attrset when the condition holds, {} otherwise.
  optionalAttrs = cond: set: if cond then set else {};

  # Keep the attributes for which `pred name value` holds.
  filterAttrs = pred: set:
    removeAttrs set (filter (n: !(pred n set.${n})) (attrNames set));

  # filterAttrs, descending into attrset values that are kept.
  filterAttrsRecursive = pred: set:
    listToAttrs (concatMap
      (n:
        let v = set.${n};
        in if pred n v
           then [ (nameValuePair n (if isAttrs v then filterAttrsRecursive pred v else v)) ]
           else [])
      (attrNames set));

  # Left fold over the attributes in name order: f acc name value.
  foldlAttrs = f: init: set:
    builtinFoldl (acc: n: f acc n set.${n}) init (attrNames set);

  # For a list of attrsets, fold the values of each name with
  # `op value acc`, right to left, starting from `nul`.
  foldAttrs = op: nul: sets:
    let names = uniqueStrings (concatMap attrNames sets);
    in genAttrs names (n: foldr op nul (catAttrs n sets));

  # Every value (recursively inside attrsets) satisfying `pred`.
  collect = pred: v:
    if pred v then [ v ]
    else if isAttrs v then concatMap (collect pred) (attrValues v)
    else [];

  # Every combination picking one value per name: { a = [1 2]; b = [3]; }
  # gives [ { a = 1; b = 3; } { a = 2; b = 3; } ].
  cartesianProduct = setOfLists:
    let
      go = names:
        if names == [] then [ {} ]
        else
          let
            name = head names;
            restCombos = go (tail names);
          in concatMap (x: map (combo: combo // { ${name} = x; }) restCombos) setOfLists.${name};
    in go (attrNames setOfLists);
  mapCartesianProduct = f: setOfLists: map f (cartesianProduct setOfLists);

  # An attrset with an attribute for every name in the list.
  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);

  # An attrset from a list, `f` returning { name; value; } per element.
  genAttrs' = xs: f: listToAttrs (map f xs);

  # Derivations are attrsets with type = "derivation".
  isDerivation = x: isAttrs x && (x.type or null) == "derivation";

  # Mark an attrset for (not) being searched for packages.
  recurseIntoAttrs = set: set // { recurseForDerivations = true; };
  dontRecurseIntoAttrs = set: set // { recurseForDerivations = false; };

  # Rebuild an attrset; `f name value` returns the new { name; value; }.
  mapAttrs' = f: set: listToAttrs (map (n: f n set.${n}) (attrNames set));

  # A list of `f name value`, in name order.
  mapAttrsToList = f: set: map (n: f n set.${n}) (attrNames set);

  # The attributes as a list of { name; value; }.
  attrsToList = mapAttrsToList nameValuePair;

  # Map `f path value` over the leaves, descending into attrsets for which
  # `cond` holds.
  mapAttrsRecursiveCond = cond: f: set:
    let
      go = path: s:
        mapAttrs (n: v:
          let here = path ++ [ n ];
          in if isAttrs v && cond v then go here v else f here v) s;
    in go [] set;
  mapAttrsRecursive = mapAttrsRecursiveCond (_set: true);

  # Like mapAttrsRecursive(Cond), but collect the results in a flat list.
  mapAttrsToListRecursiveCond = cond: f: set:
    let
      go = path: s:
        concatMap (n:
          let
            v = s.${n};
            here = path ++ [ n ];
          in if isAttrs v && cond here v then go here v else [ (f here v) ]) (attrNames s);
    in go [] set;
  mapAttrsToListRecursive = mapAttrsToListRecursiveCond (_path: _set: true);

  # Map every attribute to an attrset and merge them (later names win).
  concatMapAttrs = f: set: foldlAttrs (acc: n: v: acc // f n v) {} set;

  # Merge a list of attrsets, later ones winning.
  mergeAttrsList = builtinFoldl mergeAttrs {};

  # Union of two attrsets that must not share names.
  unionOfDisjoint = x: y:
    let
      common = attrNames (intersectAttrs x y);
    in
    if common == [] then x // y
    else throw "unionOfDisjoint: both sets define ${concatMapStringsSep ", " escapeNixIdentifier common}";

  # For the given names, `f name [values from every set having it]`.
  zipAttrsWithNames = names: f: sets:
    listToAttrs (map (n: nameValuePair n (f n (catAttrs n sets))) names);
  zipWithNames = zipAttrsWithNames;

  # Collect the values of each name across a list of attrsets.
  zipAttrs = zipAttrsWith (_name: values: values);

  # Merge `rhs` into `lhs`, recursing where both sides hold attrsets, until
  # `pred path lhsValue rhsValue` says to stop (then rhs wins).
  recursiveUpdateUntil = pred: lhs: rhs:
    let
      go = path: l: r:
        l // mapAttrs (n: rv:
          let here = path ++ [ n ];
          in if l ? ${n} && !(pred here l.${n} rv) then go here l.${n} rv else rv) r;
    in go [] lhs rhs;

  # Deep merge: nested attrsets merge, anything else from `rhs` wins.
  recursiveUpdate = recursiveUpdateUntil (_path: l: r: !(isAttrs l && isAttrs r));

  # Does `set` contain everything in `pattern` (recursively for attrsets)?
  matchAttrs = pattern: set:
    assert assertMsg (isAttrs pattern) "matchAttrs: the pattern must be an attrset";
    all (n:
      let p = pattern.${n};
      in set ? ${n} && (
        let v = set.${n};
        in if isAttrs p then isAttrs v && matchAttrs p v else p == v))
      (attrNames pattern);

  # Replace the values of `old` that also occur in `new`; ignore new names.
  overrideExisting = old: new: mapAttrs (n: v: new.${n} or v) old;

  # Apply { path; update = old: new; } records to a value.  Deeper paths
  # are updated before shallower ones; updates of one path run in list
  # order; missing intermediate attrsets are created; an update of a path
  # that does not exist gets an argument that throws when used.
  updateManyAttrsByPath = updates: value:
    let
      go = depth: exists: current: pending:
        let
          parts = partition (u: length u.path == depth) pending;
          here = parts.right;
          deeper = parts.wrong;
          missing = throw "updateManyAttrsByPath: the path ${showAttrPath (head here).path} does not exist";
          start =
            if deeper == [] then (if exists then current else missing)
            else if exists && !(isAttrs current) then
              throw "updateManyAttrsByPath: the path ${showAttrPath (take depth (head deeper).path)} is not an attrset"
            else
              let
                base = if exists then current else {};
                byName = groupBy (u: elemAt u.path depth) deeper;
              in base // mapAttrs (n: us: go (depth + 1) (base ? ${n}) (base.${n} or null) us) byName;
        in builtinFoldl (acc: u: u.update acc) start here;
    in go 0 true value updates;

  # ============================================================= namespaces

  trivial = {
    inherit id const pipe flip concat and xor bitAnd bitOr bitXor bitNot min max mod compare
      splitByAndCompare boolToString boolToYesNo mergeAttrs defaultTo mapNullable
      isFunction functionArgs setFunctionArgs mirrorFunctionArgs toFunction
      warn warnIf warnIfNot throwIf throwIfNot info checkListOfEnum
      toBaseDigits toHexString
      add sub mul div lessThan floor ceil isInt isFloat isBool seq deepSeq genericClosure;
    "or" = orFn;
  };

  fixedPoints = {
    inherit fix fix' converge extends composeExtensions composeManyExtensions toExtension
      makeExtensible makeExtensibleWithCustomName;
  };

  asserts = {
    inherit assertMsg assertOneOf assertEachOneOf;
  };

  debug = {
    inherit traceIf traceVal traceValFn traceSeq traceValSeq traceValSeqFn trace addErrorContext;
  };

  lists = {
    inherit foldr fold foldl foldl' imap0 imap1 ifilter0 forEach singleton optional optionals
      toList flatten remove findFirstIndex findFirst findSingle count range replicate
      groupBy groupBy' zipListsWith zipLists reverseList listDfs toposort sortOn compareLists
      naturalSort sublist take drop takeEnd dropEnd commonPrefix last init replaceElemAt
      crossLists unique uniqueStrings allUnique intersectLists subtractLists mutuallyExclusive
      concatAttrValues
      head tail length isList elemAt elem map filter concatLists concatMap genList sort
      partition all any;
    hasPrefix = listHasPrefix;
    removePrefix = listRemovePrefix;
  };

  strings = {
    inherit concatStrings concatMapStrings concatImapStrings concatMapStringsSep
      concatImapStringsSep join concatLines concatMapAttrsStringSep intersperse optionalString
      hasPrefix hasSuffix hasInfix removePrefix removeSuffix commonPrefixLength
      commonSuffixLength stringToCharacters stringAsChars escape escapeRegex escapeNixString
      escapeNixIdentifier escapeShellArg escapeShellArgs escapeXML isValidPosixName
      lowerChars upperChars toLower toUpper splitString replaceString trim trimWith
      fixedWidthString fixedWidthNumber versionOlder versionAtLeast getName getVersion
      toInt toIntBase10 isStringLike makeSearchPath
      concatStringsSep substring stringLength replaceStrings split match toJSON fromJSON
      compareVersions parseDrvName typeOf isString isPath isInt isList isAttrs
      head tail elem elemAt filter genList;
    replicate = stringsReplicate;
  };

  versions = {
    inherit splitVersion compareVersions majorMinor;
    major = versionMajor;
    minor = versionMinor;
    patch = versionPatch;
  };

  attrsets = {
    inherit nameValuePair attrByPath hasAttrByPath longestValidPathPrefix setAttrByPath
      getAttrFromPath showAttrPath attrVals getAttrs optionalAttrs filterAttrs
      filterAttrsRecursive foldlAttrs foldAttrs collect cartesianProduct mapCartesianProduct
      genAttrs genAttrs' isDerivation recurseIntoAttrs dontRecurseIntoAttrs mapAttrs'
      mapAttrsToList attrsToList mapAttrsRecursive mapAttrsRecursiveCond
      mapAttrsToListRecursive mapAttrsToListRecursiveCond concatMapAttrs mergeAttrsList
      unionOfDisjoint zipAttrsWithNames zipAttrsWith zipAttrs recursiveUpdateUntil
      recursiveUpdate matchAttrs overrideExisting updateManyAttrsByPath
      attrNames attrValues hasAttr getAttr removeAttrs listToAttrs mapAttrs
      intersectAttrs catAttrs isAttrs;
  };

  # ============================================================= top level
  # The names nixpkgs' lib exposes directly (lib.foo), plus the namespaces.

  topLevel = {
    # namespaces
    inherit trivial fixedPoints asserts debug lists strings versions attrsets;

    # builtins re-exported at the top level
    inherit add addErrorContext attrNames attrValues baseNameOf bitAnd bitOr bitXor catAttrs
      ceil compareVersions concatLists concatMap concatStringsSep deepSeq dirOf div elem
      elemAt filter floor fromJSON genericClosure genList getAttr hasAttr hashString head
      intersectAttrs isAttrs isBool isFloat isInt isList isPath isString length lessThan
      listToAttrs map mapAttrs match mul parseDrvName partition removeAttrs replaceStrings
      seq split splitVersion stringLength sub substring tail toJSON toString trace tryEval
      typeOf zipAttrsWith all any sort;

    # trivial
    inherit id const pipe flip concat and xor bitNot min max mod compare splitByAndCompare
      boolToString boolToYesNo mergeAttrs defaultTo mapNullable isFunction functionArgs
      setFunctionArgs mirrorFunctionArgs toFunction warn warnIf warnIfNot throwIf throwIfNot
      info checkListOfEnum toBaseDigits toHexString;
    "or" = orFn;

    # fixed points
    inherit fix fix' converge extends composeExtensions composeManyExtensions toExtension
      makeExtensible makeExtensibleWithCustomName;

    # asserts
    inherit assertMsg assertOneOf;

    # debug
    inherit traceIf traceVal traceValFn traceSeq traceValSeq traceValSeqFn;

    # lists
    inherit foldr fold foldl foldl' imap0 imap1 ifilter0 forEach singleton optional optionals
      toList flatten remove findFirst findSingle count range replicate groupBy groupBy'
      zipListsWith zipLists reverseList listDfs toposort sortOn compareLists naturalSort
      sublist take drop takeEnd dropEnd last init replaceElemAt crossLists unique
      uniqueStrings allUnique intersectLists subtractLists mutuallyExclusive
      concatAttrValues;
    imap = imap1;

    # strings
    inherit concatStrings concatMapStrings concatImapStrings concatMapStringsSep
      concatImapStringsSep join concatLines concatMapAttrsStringSep intersperse optionalString
      hasPrefix hasSuffix hasInfix removePrefix removeSuffix stringToCharacters stringAsChars
      escape escapeRegex escapeShellArg escapeShellArgs escapeXML isValidPosixName lowerChars
      upperChars toLower toUpper splitString replaceString trim trimWith fixedWidthString
      fixedWidthNumber versionOlder versionAtLeast getName getVersion toInt toIntBase10
      isStringLike makeSearchPath;

    # attrsets
    inherit nameValuePair attrByPath hasAttrByPath setAttrByPath getAttrFromPath showAttrPath
      attrVals getAttrs optionalAttrs filterAttrs filterAttrsRecursive foldlAttrs foldAttrs
      collect cartesianProduct mapCartesianProduct genAttrs genAttrs' isDerivation
      recurseIntoAttrs dontRecurseIntoAttrs mapAttrs' mapAttrsToList attrsToList
      mapAttrsRecursive mapAttrsRecursiveCond mapAttrsToListRecursive
      mapAttrsToListRecursiveCond concatMapAttrs mergeAttrsList
      zipAttrsWithNames zipAttrs recursiveUpdateUntil recursiveUpdate matchAttrs
      overrideExisting updateManyAttrsByPath;
  };

  # `lib.extend (final: prev: { ... })` returns a lib with the overlay's
  # attributes added (like makeExtensible, without `__unfix__`).
  withExtend = rattrs:
    let self = rattrs self // { extend = overlay: withExtend (extends (toExtension overlay) rattrs); };
    in self;

in
withExtend (_self: topLevel)
