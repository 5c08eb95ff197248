# Tests for the `lib` prelude (lib.nix).
#
# Evaluates to the list of names of the tests that failed; `[ ]` means all
# passed.  Each test is `{ expr; expected; }` and passes when `expr` can be
# fully evaluated without a throw/assert and equals `expected`.
#
#   nix-instantiate --eval --strict crates/nix/src/prelude/lib-tests.nix
#
# The expected values are what nixpkgs' lib returns for the same call; the
# file was also run with nixpkgs' lib substituted for `lib` below (see
# README.md).  Where this prelude knowingly differs from nixpkgs the test
# says so in a comment.  Tests that print (warn, trace, info) write to
# stderr; that is expected.

let
  lib = import ./lib.nix builtins;

  inherit (builtins) tryEval deepSeq attrNames filter;

  # true when forcing `x` completely throws (throw / assert failure)
  throws = x: !(tryEval (deepSeq x x)).success;

  passes = t:
    let r = tryEval (deepSeq t.expr (t.expr == t.expected));
    in r.success && r.value;

  # a derivation-like value for the package helpers
  drv = { type = "derivation"; name = "hello-2.12"; pname = "hello"; version = "2.12"; outPath = "/nix/store/x-hello-2.12"; };

  # a function with formal arguments, for functionArgs & co.
  withArgs = { a, b ? 1, ... }: a + b;

  tests = common // divergent;

  # Where this prelude deliberately differs from nixpkgs: nixpkgs reports
  # these with `abort` or an uncatchable fromJSON error, this prelude with a
  # catchable `throw`.  (Left out when the file is run against nixpkgs.)
  divergent = {
    testGetAttrFromPathMissing = { expr = throws (lib.getAttrFromPath [ "a" "x" ] { a.b = 2; }); expected = true; };
    testToIntNegativeLeadingZero = { expr = throws (lib.toInt "-01"); expected = true; };
  };

  common = {

    # ------------------------------------------------------------ trivial
    testId = { expr = lib.id 5; expected = 5; };
    testConst = { expr = lib.const 1 2; expected = 1; };
    testPipe = { expr = lib.pipe 2 [ (x: x + 1) (x: x * 10) ]; expected = 30; };
    testPipeEmpty = { expr = lib.pipe "v" [ ]; expected = "v"; };
    testFlip = { expr = lib.flip lib.concat [ 1 ] [ 2 ]; expected = [ 2 1 ]; };
    testConcat = { expr = lib.concat [ 1 2 ] [ 3 ]; expected = [ 1 2 3 ]; };
    testOr = { expr = [ (lib."or" true false) (lib."or" false false) ]; expected = [ true false ]; };
    testAnd = { expr = [ (lib.and true true) (lib.and true false) ]; expected = [ true false ]; };
    testXor = { expr = map (p: lib.xor p.a p.b) [ { a = true; b = true; } { a = true; b = false; } { a = false; b = true; } { a = false; b = false; } ]; expected = [ false true true false ]; };
    testBitNot = { expr = [ (lib.bitNot 0) (lib.bitNot 5) ]; expected = [ (-1) (-6) ]; };
    testBitOps = { expr = [ (lib.bitAnd 12 10) (lib.bitOr 12 10) (lib.bitXor 12 10) ]; expected = [ 8 14 6 ]; };
    testMin = { expr = [ (lib.min 3 5) (lib.min "b" "a") ]; expected = [ 3 "a" ]; };
    testMax = { expr = [ (lib.max 3 5) (lib.max 2.5 1) ]; expected = [ 5 2.5 ]; };
    testMod = { expr = [ (lib.mod 7 3) (lib.mod (-7) 3) (lib.mod 6 3) ]; expected = [ 1 (-1) 0 ]; };
    testCompare = { expr = [ (lib.compare 1 2) (lib.compare 2 2) (lib.compare "b" "a") ]; expected = [ (-1) 0 1 ]; };
    testSplitByAndCompare = {
      expr = lib.sort (a: b: lib.splitByAndCompare (lib.hasPrefix "x") lib.compare lib.compare a b < 0) [ "b" "xb" "a" "xa" ];
      expected = [ "xa" "xb" "a" "b" ];
    };
    testBoolToString = { expr = [ (lib.boolToString true) (lib.boolToString false) ]; expected = [ "true" "false" ]; };
    testBoolToYesNo = { expr = [ (lib.boolToYesNo true) (lib.boolToYesNo false) ]; expected = [ "yes" "no" ]; };
    testMergeAttrs = { expr = lib.mergeAttrs { a = 1; b = 1; } { b = 2; }; expected = { a = 1; b = 2; }; };
    testDefaultTo = { expr = [ (lib.defaultTo 1 null) (lib.defaultTo 1 2) ]; expected = [ 1 2 ]; };
    testMapNullable = { expr = [ (lib.mapNullable (x: x + 1) null) (lib.mapNullable (x: x + 1) 1) ]; expected = [ null 2 ]; };
    testIsFunctionLambda = { expr = lib.isFunction (x: x); expected = true; };
    testIsFunctionPrimop = { expr = lib.isFunction builtins.map; expected = true; };
    testIsFunctionFunctor = { expr = lib.isFunction { __functor = self: x: x; }; expected = true; };
    testIsFunctionNot = { expr = map lib.isFunction [ 1 "f" { } [ ] null ]; expected = [ false false false false false ]; };
    testFunctionArgs = { expr = lib.functionArgs withArgs; expected = { a = false; b = true; }; };
    testFunctionArgsSimple = { expr = lib.functionArgs (x: x); expected = { }; };
    testFunctionArgsFunctor = { expr = lib.functionArgs { __functor = self: { c ? 2 }: c; }; expected = { c = true; }; };
    testSetFunctionArgs = {
      expr = let f = lib.setFunctionArgs (args: args.x * 2) { x = false; }; in [ (lib.functionArgs f) (f { x = 4; }) ];
      expected = [ { x = false; } 8 ];
    };
    testSetFunctionArgsShape = {
      expr = let f = lib.setFunctionArgs (x: x) { y = true; }; in [ (builtins.attrNames f) f.__functionArgs ];
      expected = [ [ "__functionArgs" "__functor" ] { y = true; } ];
    };
    testMirrorFunctionArgs = {
      expr = let g = lib.mirrorFunctionArgs withArgs (args: args.a); in [ (lib.functionArgs g) (g { a = 7; }) ];
      expected = [ { a = false; b = true; } 7 ];
    };
    testToFunctionValue = { expr = lib.toFunction 5 "ignored"; expected = 5; };
    testToFunctionFunction = { expr = lib.toFunction (x: x + 1) 5; expected = 6; };
    testWarnReturns = { expr = lib.warn "lib-tests: expected warning" 5; expected = 5; };
    testWarnIfFalse = { expr = lib.warnIf false "never shown" 5; expected = 5; };
    testWarnIfNotTrue = { expr = lib.warnIfNot true "never shown" 5; expected = 5; };
    testThrowIfFalse = { expr = lib.throwIf false "no" 5; expected = 5; };
    testThrowIfTrue = { expr = throws (lib.throwIf true "boom" 5); expected = true; };
    testThrowIfNotTrue = { expr = lib.throwIfNot true "no" 5; expected = 5; };
    testThrowIfNotFalse = { expr = throws (lib.throwIfNot false "boom" 5); expected = true; };
    testInfo = { expr = lib.info "lib-tests: expected info" 3; expected = 3; };
    testCheckListOfEnumOk = { expr = lib.checkListOfEnum "colours" [ "r" "g" ] [ "g" ] 1; expected = 1; };
    testCheckListOfEnumBad = { expr = throws (lib.checkListOfEnum "colours" [ "r" "g" ] [ "b" ] 1); expected = true; };
    testToHexString = { expr = map lib.toHexString [ 0 255 4096 ]; expected = [ "0" "FF" "1000" ]; };
    testToBaseDigits = { expr = [ (lib.toBaseDigits 2 5) (lib.toBaseDigits 10 0) (lib.toBaseDigits 16 300) ]; expected = [ [ 1 0 1 ] [ 0 ] [ 1 2 12 ] ]; };
    testTrivialNamespace = { expr = lib.trivial.pipe 1 [ (lib.trivial.flip lib.trivial.sub 3) ]; expected = -2; };
    testTrivialOr = { expr = lib.trivial."or" false true; expected = true; };

    # ------------------------------------------------------- fixed points
    testFix = { expr = (lib.fix (self: { a = 1; b = self.a + 1; })).b; expected = 2; };
    testFixPrime = {
      expr = let r = lib.fix' (self: { a = 1; b = self.a + 1; }); in [ r.b (builtins.isFunction r.__unfix__) ];
      expected = [ 2 true ];
    };
    testConverge = { expr = lib.converge (x: if x > 10 then x else x * 2) 1; expected = 16; };
    testExtends = {
      expr = lib.fix (lib.extends (final: prev: { a = prev.a + 10; }) (self: { a = 1; b = self.a; }));
      expected = { a = 11; b = 11; };
    };
    testComposeExtensions = {
      expr = lib.fix (lib.extends (lib.composeExtensions (f: p: { x = 1; }) (f: p: { y = p.x + 1; })) (self: { }));
      expected = { x = 1; y = 2; };
    };
    testComposeManyExtensions = {
      expr = lib.composeManyExtensions [ (f: p: { x = 1; }) (f: p: { y = p.x + 1; }) (f: p: { z = p.y * 10; }) ] { } { };
      expected = { x = 1; y = 2; z = 20; };
    };
    testToExtensionAttrs = { expr = lib.fixedPoints.toExtension { a = 1; } { } { a = 0; }; expected = { a = 1; }; };
    testToExtensionPrevOnly = { expr = lib.fixedPoints.toExtension (prev: { a = prev.a + 1; }) { } { a = 1; }; expected = { a = 2; }; };
    testToExtensionFull = { expr = lib.fixedPoints.toExtension (final: prev: { a = prev.a + 1; }) { } { a = 1; }; expected = { a = 2; }; };
    testMakeExtensible = {
      expr = let e = lib.makeExtensible (self: { a = 1; b = self.a + 1; }); in [ e.b (e.extend (f: p: { a = 10; })).b ];
      expected = [ 2 11 ];
    };
    testMakeExtensibleCustom = {
      expr = ((lib.makeExtensibleWithCustomName "more" (self: { a = 1; })).more (f: p: { c = 3; })).c;
      expected = 3;
    };
    testLibExtend = { expr = (lib.extend (final: prev: { myHelper = 42; })).myHelper; expected = 42; };
    testLibExtendKeeps = { expr = (lib.extend (final: prev: { })).id 3; expected = 3; };

    # ------------------------------------------------------------ asserts
    testAssertMsgTrue = { expr = lib.assertMsg true "no"; expected = true; };
    testAssertMsgFalse = { expr = throws (lib.assertMsg false "boom"); expected = true; };
    testAssertOneOf = { expr = lib.assertOneOf "x" "a" [ "a" "b" ]; expected = true; };
    testAssertOneOfBad = { expr = throws (lib.assertOneOf "x" "c" [ "a" "b" ]); expected = true; };
    testAssertEachOneOf = { expr = [ (lib.asserts.assertEachOneOf "x" [ "a" ] [ "a" "b" ]) (throws (lib.asserts.assertEachOneOf "x" [ "a" "c" ] [ "a" "b" ])) ]; expected = [ true true ]; };

    # -------------------------------------------------------------- debug
    testTraceIfFalse = { expr = lib.traceIf false "never" 1; expected = 1; };
    testTraceVal = { expr = lib.traceVal "lib-tests: expected trace"; expected = "lib-tests: expected trace"; };
    testTraceValFn = { expr = lib.traceValFn (x: "lib-tests: traced ${toString x}") 4; expected = 4; };
    testTraceSeq = { expr = lib.traceSeq { lib-tests = "expected trace"; } 2; expected = 2; };

    # -------------------------------------------------------------- lists
    testFoldr = { expr = lib.foldr (x: acc: [ x ] ++ acc) [ ] [ 1 2 3 ]; expected = [ 1 2 3 ]; };
    testFoldrString = { expr = lib.foldr (x: acc: "(${x} ${acc})") "z" [ "a" "b" ]; expected = "(a (b z))"; };
    testFoldrLazy = { expr = lib.foldr (x: acc: x) 0 [ 1 (throw "not forced") ]; expected = 1; };
    testFold = { expr = lib.fold (x: acc: x + acc) 0 [ 1 2 3 ]; expected = 6; };
    testFoldl = { expr = lib.foldl (acc: x: "(${acc} ${x})") "z" [ "a" "b" ]; expected = "((z a) b)"; };
    testFoldlEmpty = { expr = lib.foldl (a: x: a + x) 7 [ ]; expected = 7; };
    testFoldlStrict = { expr = lib.foldl' (acc: x: acc + x) 0 [ 1 2 3 4 ]; expected = 10; };
    testFoldlStrictLong = { expr = lib.foldl' (acc: x: acc + x) 0 (lib.range 1 10000); expected = 50005000; };
    testImap0 = { expr = lib.imap0 (i: v: "${toString i}${v}") [ "a" "b" ]; expected = [ "0a" "1b" ]; };
    testImap1 = { expr = lib.imap1 (i: v: "${toString i}${v}") [ "a" "b" ]; expected = [ "1a" "2b" ]; };
    testImap = { expr = lib.imap (i: v: i * v) [ 5 5 ]; expected = [ 5 10 ]; };
    testIfilter0 = { expr = lib.ifilter0 (i: v: i == 0 || v > 2) [ 1 2 3 ]; expected = [ 1 3 ]; };
    testForEach = { expr = lib.forEach [ 1 2 ] (x: x * 2); expected = [ 2 4 ]; };
    testSingleton = { expr = lib.singleton "x"; expected = [ "x" ]; };
    testOptional = { expr = [ (lib.optional true 1) (lib.optional false 1) ]; expected = [ [ 1 ] [ ] ]; };
    testOptionals = { expr = [ (lib.optionals true [ 1 2 ]) (lib.optionals false [ 1 2 ]) ]; expected = [ [ 1 2 ] [ ] ]; };
    testOptionalsLazy = { expr = lib.optionals false (throw "not forced"); expected = [ ]; };
    testToList = { expr = [ (lib.toList 1) (lib.toList [ 1 ]) (lib.toList [ ]) ]; expected = [ [ 1 ] [ 1 ] [ ] ]; };
    testFlatten = { expr = lib.flatten [ 1 [ 2 [ 3 [ ] ] ] [ [ 4 ] ] ]; expected = [ 1 2 3 4 ]; };
    testFlattenScalar = { expr = lib.flatten 5; expected = [ 5 ]; };
    testRemove = { expr = lib.remove 3 [ 1 3 2 3 ]; expected = [ 1 2 ]; };
    testFindFirst = { expr = lib.findFirst (x: x > 3) 0 [ 1 5 7 ]; expected = 5; };
    testFindFirstDefault = { expr = lib.findFirst (x: x > 9) "none" [ 1 5 ]; expected = "none"; };
    testFindFirstLazy = { expr = lib.findFirst (x: x == 1) 0 [ 1 (throw "not forced") ]; expected = 1; };
    testFindFirstIndex = { expr = [ (lib.lists.findFirstIndex (x: x > 1) null [ 1 2 3 ]) (lib.lists.findFirstIndex (x: x > 5) null [ 1 ]) ]; expected = [ 1 null ]; };
    testFindSingle = {
      expr = [ (lib.findSingle (x: x == 2) "none" "many" [ 1 2 3 ]) (lib.findSingle (x: x > 5) "none" "many" [ 1 ]) (lib.findSingle (x: x > 1) "none" "many" [ 1 2 3 ]) ];
      expected = [ 2 "none" "many" ];
    };
    testCount = { expr = lib.count (x: x > 1) [ 1 2 3 ]; expected = 2; };
    testRange = { expr = lib.range 2 5; expected = [ 2 3 4 5 ]; };
    testRangeEmpty = { expr = lib.range 3 2; expected = [ ]; };
    testRangeSingle = { expr = lib.range 4 4; expected = [ 4 ]; };
    testReplicate = { expr = lib.replicate 3 "a"; expected = [ "a" "a" "a" ]; };
    testReplicateZero = { expr = lib.replicate 0 1; expected = [ ]; };
    testGroupBy = { expr = lib.groupBy (x: if x > 2 then "big" else "small") [ 1 3 2 4 ]; expected = { big = [ 3 4 ]; small = [ 1 2 ]; }; };
    testGroupByPrime = { expr = lib.groupBy' builtins.add 0 (x: if x > 2 then "big" else "small") [ 1 3 2 4 ]; expected = { big = 7; small = 3; }; };
    testPartition = { expr = lib.partition (x: x > 2) [ 1 3 2 4 ]; expected = { right = [ 3 4 ]; wrong = [ 1 2 ]; }; };
    testAll = { expr = [ (lib.all (x: x > 0) [ 1 2 ]) (lib.all (x: x > 1) [ 1 2 ]) (lib.all (x: false) [ ]) ]; expected = [ true false true ]; };
    testAny = { expr = [ (lib.any (x: x > 1) [ 1 2 ]) (lib.any (x: x > 5) [ 1 2 ]) (lib.any (x: true) [ ]) ]; expected = [ true false false ]; };
    testZipListsWith = { expr = lib.zipListsWith (a: b: a + b) [ 1 2 3 ] [ 10 20 ]; expected = [ 11 22 ]; };
    testZipLists = { expr = lib.zipLists [ 1 2 ] [ "a" "b" ]; expected = [ { fst = 1; snd = "a"; } { fst = 2; snd = "b"; } ]; };
    testReverseList = { expr = [ (lib.reverseList [ 1 2 3 ]) (lib.reverseList [ ]) ]; expected = [ [ 3 2 1 ] [ ] ]; };
    testListDfs = {
      expr = lib.listDfs true lib.hasPrefix [ "/home/user" "other" "/" "/home" ];
      expected = { minimal = "/"; visited = [ "/home/user" ]; rest = [ "/home" "other" ]; };
    };
    testListDfsCycle = {
      expr = lib.listDfs true (a: b: true) [ 1 2 ];
      expected = { cycle = 2; loops = [ 1 ]; visited = [ 1 ]; rest = [ ]; };
    };
    testToposort = {
      expr = lib.toposort lib.hasPrefix [ "/home/user" "other" "/" "/home" ];
      expected = { result = [ "/" "/home" "/home/user" "other" ]; };
    };
    testToposortNumbers = { expr = lib.toposort (a: b: a < b) [ 3 2 1 ]; expected = { result = [ 1 2 3 ]; }; };
    testToposortCycle = {
      expr = lib.toposort (a: b: a != b) [ "a" "b" ];
      expected = { cycle = [ "a" "b" ]; loops = [ "a" ]; };
    };
    testToposortSmall = { expr = [ (lib.toposort (a: b: true) [ ]) (lib.toposort (a: b: true) [ 1 ]) ]; expected = [ { result = [ ]; } { result = [ 1 ]; } ]; };
    testSort = { expr = lib.sort (a: b: a < b) [ 3 1 2 ]; expected = [ 1 2 3 ]; };
    testSortOn = { expr = lib.sortOn builtins.stringLength [ "ccc" "a" "bb" "d" ]; expected = [ "a" "d" "bb" "ccc" ]; };
    testCompareLists = {
      expr = map (p: lib.compareLists lib.compare p.a p.b) [ { a = [ ]; b = [ ]; } { a = [ 1 ]; b = [ ]; } { a = [ ]; b = [ 1 ]; } { a = [ 1 2 ]; b = [ 1 3 ]; } { a = [ 2 ]; b = [ 1 5 ]; } ];
      expected = [ 0 1 (-1) (-1) 1 ];
    };
    testNaturalSort = { expr = lib.naturalSort [ "a10" "a2" "a1b" "b" "A" ]; expected = [ "A" "a1b" "a2" "a10" "b" ]; };
    testNaturalSortVersions = { expr = lib.naturalSort [ "v1.10" "v1.9" "v1.2" ]; expected = [ "v1.2" "v1.9" "v1.10" ]; };
    testSublist = { expr = [ (lib.sublist 1 2 [ 1 2 3 4 ]) (lib.sublist 3 5 [ 1 2 3 4 ]) (lib.sublist 9 1 [ 1 ]) ]; expected = [ [ 2 3 ] [ 4 ] [ ] ]; };
    testTake = { expr = [ (lib.take 2 [ 1 2 3 ]) (lib.take 5 [ 1 2 ]) (lib.take 0 [ 1 ]) ]; expected = [ [ 1 2 ] [ 1 2 ] [ ] ]; };
    testDrop = { expr = [ (lib.drop 2 [ 1 2 3 ]) (lib.drop 5 [ 1 2 ]) (lib.drop 0 [ 1 ]) ]; expected = [ [ 3 ] [ ] [ 1 ] ]; };
    testTakeEnd = { expr = [ (lib.takeEnd 2 [ 1 2 3 ]) (lib.takeEnd 5 [ 1 2 ]) ]; expected = [ [ 2 3 ] [ 1 2 ] ]; };
    testDropEnd = { expr = [ (lib.dropEnd 1 [ 1 2 3 ]) (lib.dropEnd 5 [ 1 2 ]) ]; expected = [ [ 1 2 ] [ ] ]; };
    testListsHasPrefix = { expr = [ (lib.lists.hasPrefix [ 1 2 ] [ 1 2 3 ]) (lib.lists.hasPrefix [ 2 ] [ 1 2 ]) ]; expected = [ true false ]; };
    testListsRemovePrefix = { expr = lib.lists.removePrefix [ 1 2 ] [ 1 2 3 ]; expected = [ 3 ]; };
    testListsRemovePrefixBad = { expr = throws (lib.lists.removePrefix [ 2 ] [ 1 2 3 ]); expected = true; };
    testCommonPrefix = { expr = [ (lib.lists.commonPrefix [ 1 2 3 ] [ 1 2 4 ]) (lib.lists.commonPrefix [ 1 ] [ 2 ]) ]; expected = [ [ 1 2 ] [ ] ]; };
    testLast = { expr = lib.last [ 1 2 3 ]; expected = 3; };
    testLastEmpty = { expr = throws (lib.last [ ]); expected = true; };
    testInit = { expr = [ (lib.init [ 1 2 3 ]) (lib.init [ 1 ]) ]; expected = [ [ 1 2 ] [ ] ]; };
    testInitEmpty = { expr = throws (lib.init [ ]); expected = true; };
    testReplaceElemAt = { expr = lib.replaceElemAt [ 1 2 3 ] 1 9; expected = [ 1 9 3 ]; };
    testReplaceElemAtBad = { expr = throws (lib.replaceElemAt [ 1 ] 3 9); expected = true; };
    testUnique = { expr = lib.unique [ 3 1 3 2 1 ]; expected = [ 3 1 2 ]; };
    testUniqueAttrs = { expr = lib.unique [ { a = 1; } { a = 1; } { a = 2; } ]; expected = [ { a = 1; } { a = 2; } ]; };
    testUniqueStrings = { expr = lib.uniqueStrings [ "b" "a" "b" ]; expected = [ "a" "b" ]; };
    testAllUnique = { expr = [ (lib.allUnique [ 1 2 ]) (lib.allUnique [ 1 1 ]) (lib.allUnique [ ]) ]; expected = [ true false true ]; };
    testIntersectLists = { expr = lib.intersectLists [ 1 2 3 ] [ 3 4 1 ]; expected = [ 3 1 ]; };
    testSubtractLists = { expr = lib.subtractLists [ 3 2 ] [ 1 2 3 4 5 3 ]; expected = [ 1 4 5 ]; };
    testMutuallyExclusive = { expr = [ (lib.mutuallyExclusive [ 1 2 ] [ 3 ]) (lib.mutuallyExclusive [ 1 2 ] [ 2 ]) (lib.mutuallyExclusive [ ] [ 1 ]) ]; expected = [ true false true ]; };
    testConcatAttrValues = { expr = lib.concatAttrValues { b = [ 2 3 ]; a = [ 1 ]; }; expected = [ 1 2 3 ]; };
    testCrossLists = { expr = lib.crossLists (a: b: a * b) [ [ 1 2 ] [ 10 100 ] ]; expected = [ 10 100 20 200 ]; };
    testConcatMap = { expr = lib.concatMap (x: [ x x ]) [ 1 2 ]; expected = [ 1 1 2 2 ]; };
    testListsPassthrough = {
      expr = [ (lib.lists.head [ 1 2 ]) (lib.lists.tail [ 1 2 ]) (lib.lists.length [ 1 2 ]) (lib.lists.elemAt [ 1 2 ] 1) (lib.elem 2 [ 1 2 ]) (lib.head [ 5 ]) (lib.tail [ 5 6 ]) (lib.elemAt [ 5 6 ] 0) ];
      expected = [ 1 [ 2 ] 2 2 true 5 [ 6 ] 5 ];
    };
    testGenList = { expr = lib.genList (x: x * x) 4; expected = [ 0 1 4 9 ]; };
    testListsNamespace = { expr = [ (lib.lists.flatten [ [ 1 ] 2 ]) (lib.lists.unique [ 1 1 ]) (lib.lists.last [ 4 5 ]) ]; expected = [ [ 1 2 ] [ 1 ] 5 ]; };

    # ------------------------------------------------------------ strings
    testConcatStrings = { expr = lib.concatStrings [ "a" "b" "c" ]; expected = "abc"; };
    testConcatMapStrings = { expr = lib.concatMapStrings (x: x + ";") [ "a" "b" ]; expected = "a;b;"; };
    testConcatImapStrings = { expr = lib.concatImapStrings (i: x: "${toString i}${x}") [ "a" "b" ]; expected = "1a2b"; };
    testConcatStringsSep = { expr = [ (lib.concatStringsSep ", " [ "a" "b" ]) (lib.concatStringsSep "," [ ]) ]; expected = [ "a, b" "" ]; };
    testConcatMapStringsSep = { expr = lib.concatMapStringsSep "-" (x: x + x) [ "a" "b" ]; expected = "aa-bb"; };
    testConcatImapStringsSep = { expr = lib.concatImapStringsSep "-" (i: x: "${x}${toString i}") [ "a" "b" ]; expected = "a1-b2"; };
    testJoin = { expr = lib.join "/" [ "usr" "bin" ]; expected = "usr/bin"; };
    testConcatLines = { expr = lib.concatLines [ "a" "b" ]; expected = "a\nb\n"; };
    testConcatMapAttrsStringSep = { expr = lib.concatMapAttrsStringSep "," (n: v: "${n}=${v}") { b = "2"; a = "1"; }; expected = "a=1,b=2"; };
    testIntersperse = { expr = [ (lib.intersperse "," [ "a" "b" "c" ]) (lib.intersperse "," [ "a" ]) (lib.intersperse "," [ ]) ]; expected = [ [ "a" "," "b" "," "c" ] [ "a" ] [ ] ]; };
    testOptionalString = { expr = [ (lib.optionalString true "x") (lib.optionalString false "x") ]; expected = [ "x" "" ]; };
    testHasPrefix = { expr = [ (lib.hasPrefix "foo" "foobar") (lib.hasPrefix "bar" "foobar") (lib.hasPrefix "" "x") (lib.hasPrefix "long" "lo") ]; expected = [ true false true false ]; };
    testHasSuffix = { expr = [ (lib.hasSuffix "bar" "foobar") (lib.hasSuffix "foo" "foobar") (lib.hasSuffix "" "x") (lib.hasSuffix "toolong" "long") ]; expected = [ true false true false ]; };
    testHasInfix = { expr = [ (lib.hasInfix "ob" "foobar") (lib.hasInfix "x" "foobar") (lib.hasInfix "" "") (lib.hasInfix "foobar" "foobar") (lib.hasInfix "a.b" "xa.by") (lib.hasInfix "a.b" "xacby") ]; expected = [ true false true true true false ]; };
    testRemovePrefix = { expr = [ (lib.removePrefix "foo." "foo.bar") (lib.removePrefix "x" "foo") (lib.removePrefix "" "foo") ]; expected = [ "bar" "foo" "foo" ]; };
    testRemoveSuffix = { expr = [ (lib.removeSuffix ".nix" "lib.nix") (lib.removeSuffix ".x" "lib.nix") (lib.removeSuffix "lib.nix" "lib.nix") ]; expected = [ "lib" "lib.nix" "" ]; };
    testCommonPrefixLength = { expr = [ (lib.strings.commonPrefixLength "abc" "abd") (lib.strings.commonPrefixLength "" "a") (lib.strings.commonPrefixLength "ab" "ab") ]; expected = [ 2 0 2 ]; };
    testCommonSuffixLength = { expr = [ (lib.strings.commonSuffixLength "xbc" "abc") (lib.strings.commonSuffixLength "a" "b") ]; expected = [ 2 0 ]; };
    testStringToCharacters = { expr = [ (lib.stringToCharacters "abc") (lib.stringToCharacters "") ]; expected = [ [ "a" "b" "c" ] [ ] ]; };
    testStringAsChars = { expr = lib.stringAsChars (c: if c == "a" then "A" else c) "banana"; expected = "bAnAnA"; };
    testStringsReplicate = { expr = [ (lib.strings.replicate 3 "ab") (lib.strings.replicate 0 "ab") ]; expected = [ "ababab" "" ]; };
    testEscape = { expr = lib.escape [ "(" ")" ] "(foo)"; expected = "\\(foo\\)"; };
    testEscapeRegex = { expr = lib.escapeRegex "a.b*c"; expected = "a\\.b\\*c"; };
    testEscapeRegexMatches = { expr = builtins.match (lib.escapeRegex "1+1=(2)") "1+1=(2)"; expected = [ ]; };
    testEscapeNixString = { expr = map lib.strings.escapeNixString [ "a$b" "\${x}" "q\"" "n\n" ]; expected = [ "\"a\\$b\"" "\"\\\${x}\"" "\"q\\\"\"" "\"n\\n\"" ]; };
    testEscapeNixIdentifier = {
      expr = map lib.strings.escapeNixIdentifier [ "foo" "a-b" "a'b" "_x" "1a" "a.b" "" "if" "or" "inherit" "true" ];
      expected = [ "foo" "a-b" "a'b" "_x" "\"1a\"" "\"a.b\"" "\"\"" "\"if\"" "\"or\"" "\"inherit\"" "true" ];
    };
    testEscapeShellArg = { expr = map lib.escapeShellArg [ "abc" "a b" "" "it's" "a/b-c.d_e+f:g@h%i,j" "~x" ]; expected = [ "abc" "'a b'" "''" "'it'\\''s'" "a/b-c.d_e+f:g@h%i,j" "'~x'" ]; };
    testEscapeShellArgs = { expr = lib.escapeShellArgs [ "echo" "hello world" ]; expected = "echo 'hello world'"; };
    testEscapeXML = { expr = lib.escapeXML "<a href=\"x\">'&'</a>"; expected = "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"; };
    testIsValidPosixName = { expr = map lib.isValidPosixName [ "a_b" "_1" "1a" "a-b" "" ]; expected = [ true true false false false ]; };
    testToUpper = { expr = lib.toUpper "Hello, World 1!"; expected = "HELLO, WORLD 1!"; };
    testToLower = { expr = lib.toLower "Hello, World 1!"; expected = "hello, world 1!"; };
    testCharLists = { expr = [ (builtins.length lib.lowerChars) (builtins.head lib.upperChars) (lib.last lib.lowerChars) ]; expected = [ 26 "A" "z" ]; };
    testSplitString = { expr = lib.splitString "." "a.b..c"; expected = [ "a" "b" "" "c" ]; };
    testSplitStringNoSep = { expr = lib.splitString "," "abc"; expected = [ "abc" ]; };
    testSplitStringMulti = { expr = lib.splitString ", " "a, b, c"; expected = [ "a" "b" "c" ]; };
    testSplitStringRegexChars = { expr = lib.splitString "*+" "a*+b*c"; expected = [ "a" "b*c" ]; };
    testSplitStringEdges = { expr = lib.splitString "/" "/a/"; expected = [ "" "a" "" ]; };
    testReplaceString = { expr = lib.replaceString "a" "x" "banana"; expected = "bxnxnx"; };
    testReplaceStrings = { expr = lib.replaceStrings [ "a" "b" ] [ "b" "c" ] "ab"; expected = "bc"; };
    testTrim = { expr = map lib.trim [ "  a b  " "\t\nx\r\n" "" "   " "a" " a\nb " ]; expected = [ "a b" "x" "" "" "a" "a\nb" ]; };
    testTrimWith = { expr = [ (lib.trimWith { start = true; } "  a  ") (lib.trimWith { end = true; } "  a  ") (lib.trimWith { } " a ") ]; expected = [ "a  " "  a" " a " ]; };
    testFixedWidthString = { expr = [ (lib.fixedWidthString 5 "0" "12") (lib.fixedWidthString 2 " " "ab") (lib.fixedWidthString 3 "-" "") ]; expected = [ "00012" "ab" "---" ]; };
    testFixedWidthStringTooLong = { expr = throws (lib.fixedWidthString 1 "0" "123"); expected = true; };
    testFixedWidthNumber = { expr = [ (lib.fixedWidthNumber 3 7) (lib.fixedWidthNumber 2 42) ]; expected = [ "007" "42" ]; };
    testVersionOlder = { expr = [ (lib.versionOlder "1.2" "1.10") (lib.versionOlder "1.10" "1.2") (lib.versionOlder "1.0" "1.0") (lib.versionOlder "1.0pre" "1.0") ]; expected = [ true false false true ]; };
    testVersionAtLeast = { expr = [ (lib.versionAtLeast "2.8" "2.8") (lib.versionAtLeast "2.10" "2.8") (lib.versionAtLeast "2.3" "2.8") ]; expected = [ true true false ]; };
    testGetName = { expr = [ (lib.getName "hello-1.2") (lib.getName drv) (lib.getName { name = "foo-bar-3.0"; }) (lib.getName "nover") ]; expected = [ "hello" "hello" "foo-bar" "nover" ]; };
    testGetVersion = { expr = [ (lib.getVersion "hello-1.2") (lib.getVersion drv) (lib.getVersion { name = "x-2.0"; }) (lib.getVersion "nover") ]; expected = [ "1.2" "2.12" "2.0" "" ]; };
    testToInt = { expr = map lib.toInt [ "42" "  12 " "-5" "0" "-0" ]; expected = [ 42 12 (-5) 0 0 ]; };
    testToIntBad = { expr = map (s: throws (lib.toInt s)) [ "01" "1.5" "" "a" "1 2" ]; expected = [ true true true true true ]; };
    testToIntBase10 = { expr = map lib.toIntBase10 [ "  012 " "000" "7" ]; expected = [ 12 0 7 ]; };
    testIsStringLike = { expr = map lib.isStringLike [ "s" ./. { outPath = "x"; } { __toString = self: "y"; } 1 { } ]; expected = [ true true true true false false ]; };
    testMakeSearchPath = { expr = lib.makeSearchPath "bin" [ "/a" null "/b" ]; expected = "/a/bin:/b/bin"; };
    testStringsPassthrough = {
      expr = [ (lib.substring 1 2 "abcd") (lib.stringLength "abc") (lib.strings.toJSON { a = 1; }) (lib.match "a(.)" "ab") (lib.split "," "a,b") ];
      expected = [ "bc" 3 "{\"a\":1}" [ "b" ] [ "a" [ ] "b" ] ];
    };
    testStringsNamespace = { expr = [ (lib.strings.hasPrefix "a" "ab") (lib.strings.toUpper "a") (lib.strings.concatStringsSep "" [ "x" ]) ]; expected = [ true "A" "x" ]; };

    # ----------------------------------------------------------- versions
    testVersions = {
      expr = [ (lib.versions.major "1.2.3") (lib.versions.minor "1.2.3") (lib.versions.patch "1.2.3") (lib.versions.majorMinor "1.2.3") (lib.versions.splitVersion "1.2-pre") ];
      expected = [ "1" "2" "3" "1.2" [ "1" "2" "pre" ] ];
    };
    testCompareVersions = { expr = [ (lib.compareVersions "1.0" "2.3") (lib.compareVersions "2.3" "2.3") (lib.compareVersions "2.10" "2.3") ]; expected = [ (-1) 0 1 ]; };

    # ----------------------------------------------------------- attrsets
    testNameValuePair = { expr = lib.nameValuePair "a" 1; expected = { name = "a"; value = 1; }; };
    testAttrByPath = { expr = lib.attrByPath [ "a" "b" ] 0 { a.b = 5; }; expected = 5; };
    testAttrByPathMissing = { expr = lib.attrByPath [ "a" "c" ] 0 { a.b = 5; }; expected = 0; };
    testAttrByPathNonSet = { expr = lib.attrByPath [ "a" "b" ] 0 { a = 1; }; expected = 0; };
    testAttrByPathEmpty = { expr = lib.attrByPath [ ] 0 { a = 1; }; expected = { a = 1; }; };
    testHasAttrByPath = {
      expr = [ (lib.hasAttrByPath [ "a" "b" ] { a.b = null; }) (lib.hasAttrByPath [ "a" "c" ] { a.b = 1; }) (lib.hasAttrByPath [ ] { }) (lib.hasAttrByPath [ "a" "b" ] { a = 1; }) ];
      expected = [ true false true false ];
    };
    testLongestValidPathPrefix = { expr = [ (lib.attrsets.longestValidPathPrefix [ "a" "b" "c" ] { a.b = 1; }) (lib.attrsets.longestValidPathPrefix [ "x" ] { }) ]; expected = [ [ "a" "b" ] [ ] ]; };
    testSetAttrByPath = { expr = lib.setAttrByPath [ "a" "b" ] 3; expected = { a = { b = 3; }; }; };
    testSetAttrByPathEmpty = { expr = lib.setAttrByPath [ ] 3; expected = 3; };
    testGetAttrFromPath = { expr = lib.getAttrFromPath [ "a" "b" ] { a.b = 2; }; expected = 2; };
    testShowAttrPath = { expr = [ (lib.showAttrPath [ "foo" "10" "bar" ]) (lib.showAttrPath [ ]) (lib.showAttrPath [ "a b" ]) ]; expected = [ "foo.\"10\".bar" "<root attribute path>" "\"a b\"" ]; };
    testAttrVals = { expr = lib.attrVals [ "b" "a" ] { a = 1; b = 2; c = 3; }; expected = [ 2 1 ]; };
    testAttrValues = { expr = lib.attrValues { b = 2; a = 1; }; expected = [ 1 2 ]; };
    testGetAttrs = { expr = lib.getAttrs [ "a" "c" ] { a = 1; b = 2; c = 3; }; expected = { a = 1; c = 3; }; };
    testOptionalAttrs = { expr = [ (lib.optionalAttrs true { a = 1; }) (lib.optionalAttrs false { a = 1; }) ]; expected = [ { a = 1; } { } ]; };
    testFilterAttrs = { expr = lib.filterAttrs (n: v: n != "b" && v > 1) { a = 2; b = 3; c = 0; }; expected = { a = 2; }; };
    testFilterAttrsRecursive = {
      expr = lib.filterAttrsRecursive (n: v: v != null) { a = null; b = { c = null; d = 1; }; e = 2; };
      expected = { b = { d = 1; }; e = 2; };
    };
    testFoldlAttrs = { expr = lib.foldlAttrs (acc: n: v: acc + n + toString v) ">" { b = 2; a = 1; }; expected = ">a1b2"; };
    testFoldlAttrsEmpty = { expr = lib.foldlAttrs (acc: n: v: throw "not called") 0 { }; expected = 0; };
    testFoldAttrs = { expr = lib.foldAttrs (item: acc: [ item ] ++ acc) [ ] [ { a = 2; } { a = 3; b = 1; } ]; expected = { a = [ 2 3 ]; b = [ 1 ]; }; };
    testCollect = { expr = lib.collect builtins.isInt { a = 1; b = { c = 2; d = "x"; }; }; expected = [ 1 2 ]; };
    testCollectAttrs = { expr = lib.collect (x: x ? outPath) { a = { outPath = "a"; }; b = { c = { outPath = "c"; }; }; }; expected = [ { outPath = "a"; } { outPath = "c"; } ]; };
    testCartesianProduct = {
      expr = lib.cartesianProduct { a = [ 1 2 ]; b = [ 10 20 ]; };
      expected = [ { a = 1; b = 10; } { a = 1; b = 20; } { a = 2; b = 10; } { a = 2; b = 20; } ];
    };
    testCartesianProductEdge = { expr = [ (lib.cartesianProduct { }) (lib.cartesianProduct { a = [ ]; b = [ 1 ]; }) ]; expected = [ [ { } ] [ ] ]; };
    testMapCartesianProduct = { expr = lib.mapCartesianProduct ({ a, b }: a + b) { a = [ 1 2 ]; b = [ 10 ]; }; expected = [ 11 12 ]; };
    testGenAttrs = { expr = lib.genAttrs [ "a" "b" ] (n: n + n); expected = { a = "aa"; b = "bb"; }; };
    testGenAttrsPrime = { expr = lib.genAttrs' [ 1 2 ] (i: lib.nameValuePair "n${toString i}" (i * 10)); expected = { n1 = 10; n2 = 20; }; };
    testIsDerivation = { expr = map lib.isDerivation [ drv { type = "other"; } { } 1 ]; expected = [ true false false false ]; };
    testRecurseIntoAttrs = { expr = [ (lib.recurseIntoAttrs { a = 1; }) (lib.dontRecurseIntoAttrs { }) ]; expected = [ { a = 1; recurseForDerivations = true; } { recurseForDerivations = false; } ]; };
    testMapAttrsPrime = { expr = lib.mapAttrs' (n: v: lib.nameValuePair "x_${n}" (v * 2)) { a = 1; b = 2; }; expected = { x_a = 2; x_b = 4; }; };
    testMapAttrs = { expr = lib.mapAttrs (n: v: n + v) { a = "1"; }; expected = { a = "a1"; }; };
    testMapAttrsToList = { expr = lib.mapAttrsToList (n: v: "${n}=${toString v}") { b = 2; a = 1; }; expected = [ "a=1" "b=2" ]; };
    testAttrsToList = { expr = lib.attrsToList { b = 2; a = 1; }; expected = [ { name = "a"; value = 1; } { name = "b"; value = 2; } ]; };
    testMapAttrsRecursive = {
      expr = lib.mapAttrsRecursive (path: v: lib.concatStringsSep "." path + "=" + toString v) { a = { b = 1; }; c = 2; };
      expected = { a = { b = "a.b=1"; }; c = "c=2"; };
    };
    testMapAttrsRecursiveCond = {
      expr = lib.mapAttrsRecursiveCond (s: !(s ? stop)) (path: v: path) { a = { b = 1; }; s = { stop = true; }; };
      expected = { a = { b = [ "a" "b" ]; }; s = [ "s" ]; };
    };
    testMapAttrsRecursiveDerivation = {
      expr = lib.mapAttrsRecursive (p: v: p) { a = { type = "derivation"; x = 1; }; };
      expected = { a = { type = [ "a" "type" ]; x = [ "a" "x" ]; }; };
    };
    testMapAttrsToListRecursive = { expr = lib.mapAttrsToListRecursive (p: v: [ p v ]) { a.b = 1; c = 2; }; expected = [ [ [ "a" "b" ] 1 ] [ [ "c" ] 2 ] ]; };
    testMapAttrsToListRecursiveCond = {
      expr = lib.mapAttrsToListRecursiveCond (p: s: p != [ "a" ]) (p: v: p) { a.b = 1; c.d = 2; };
      expected = [ [ "a" ] [ "c" "d" ] ];
    };
    testConcatMapAttrs = {
      expr = lib.concatMapAttrs (n: v: { "${n}1" = v; "${n}2" = v + 1; }) { a = 1; b = 10; };
      expected = { a1 = 1; a2 = 2; b1 = 10; b2 = 11; };
    };
    testConcatMapAttrsOverride = { expr = lib.concatMapAttrs (n: v: { x = n; }) { a = 1; b = 2; }; expected = { x = "b"; }; };
    testMergeAttrsList = { expr = lib.mergeAttrsList [ { a = 1; b = 1; } { b = 2; } { c = 3; } ]; expected = { a = 1; b = 2; c = 3; }; };
    testMergeAttrsListEmpty = { expr = lib.mergeAttrsList [ ]; expected = { }; };
    testUnionOfDisjoint = { expr = lib.attrsets.unionOfDisjoint { a = 1; } { b = 2; }; expected = { a = 1; b = 2; }; };
    testUnionOfDisjointClash = { expr = throws (lib.attrsets.unionOfDisjoint { a = 1; } { a = 2; }); expected = true; };
    testZipAttrsWithNames = { expr = lib.zipAttrsWithNames [ "a" ] (n: vs: vs) [ { a = 1; b = 2; } { a = 3; } ]; expected = { a = [ 1 3 ]; }; };
    testZipAttrsWith = { expr = lib.zipAttrsWith (n: vs: vs) [ { a = 1; b = 2; } { a = 3; } ]; expected = { a = [ 1 3 ]; b = [ 2 ]; }; };
    testZipAttrs = { expr = lib.zipAttrs [ { a = 1; } { a = 2; b = 3; } ]; expected = { a = [ 1 2 ]; b = [ 3 ]; }; };
    testRecursiveUpdate = {
      expr = lib.recursiveUpdate { a = { b = 1; c = 2; }; d = 1; } { a = { b = 10; e = 3; }; f = 4; };
      expected = { a = { b = 10; c = 2; e = 3; }; d = 1; f = 4; };
    };
    testRecursiveUpdateReplace = { expr = lib.recursiveUpdate { a = { b = 1; }; } { a = 5; }; expected = { a = 5; }; };
    testRecursiveUpdateReplaceSet = { expr = lib.recursiveUpdate { a = 5; } { a = { b = 1; }; }; expected = { a = { b = 1; }; }; };
    testRecursiveUpdateDeep = { expr = lib.recursiveUpdate { a.b.c = 1; a.b.d = 2; } { a.b.c = 3; }; expected = { a.b.c = 3; a.b.d = 2; }; };
    testRecursiveUpdateUntil = {
      expr = lib.recursiveUpdateUntil (path: l: r: path == [ "foo" ]) { foo.bar = 1; foo.baz = 2; bar = 3; } { foo.bar = 1; foo.quz = 2; baz = 4; };
      expected = { foo = { bar = 1; quz = 2; }; bar = 3; baz = 4; };
    };
    testRecursiveUpdateUntilPath = {
      expr = lib.recursiveUpdateUntil (path: l: r: !(builtins.isAttrs l && builtins.isAttrs r) || builtins.length path >= 2) { a.b.c = 1; a.b.d = 2; } { a.b.c = 3; };
      expected = { a.b.c = 3; };
    };
    testMatchAttrs = {
      expr = [ (lib.matchAttrs { cpu = { bits = 64; }; } { cpu = { bits = 64; arch = "x"; }; os = "y"; }) (lib.matchAttrs { a = 1; } { a = 2; }) (lib.matchAttrs { a = 1; } { }) (lib.matchAttrs { } { a = 1; }) ];
      expected = [ true false false true ];
    };
    testOverrideExisting = { expr = lib.overrideExisting { a = 1; b = 2; } { a = 3; c = 4; }; expected = { a = 3; b = 2; }; };
    testUpdateManyAttrsByPath = {
      expr = lib.updateManyAttrsByPath [
        { path = [ "a" "b" ]; update = old: { d = old.c; }; }
        { path = [ "a" "b" "c" ]; update = old: old + 1; }
        { path = [ "x" "y" ]; update = old: "xy"; }
      ] { a.b.c = 0; };
      expected = { a = { b = { d = 1; }; }; x = { y = "xy"; }; };
    };
    testUpdateManyAttrsByPathOrder = {
      expr = lib.updateManyAttrsByPath [ { path = [ "a" ]; update = old: old + 1; } { path = [ "a" ]; update = old: old * 10; } ] { a = 1; b = 2; };
      expected = { a = 20; b = 2; };
    };
    testUpdateManyAttrsByPathRoot = { expr = lib.updateManyAttrsByPath [ { path = [ ]; update = old: old // { z = 1; }; } ] { a = 1; }; expected = { a = 1; z = 1; }; };
    testUpdateManyAttrsByPathNone = { expr = lib.updateManyAttrsByPath [ ] { a = 1; }; expected = { a = 1; }; };
    testUpdateManyAttrsByPathMissing = { expr = throws (lib.updateManyAttrsByPath [ { path = [ "q" ]; update = old: old + 1; } ] { }); expected = true; };
    testUpdateManyAttrsByPathNotSet = { expr = throws (lib.updateManyAttrsByPath [ { path = [ "a" "b" ]; update = old: 1; } ] { a = 1; }); expected = true; };
    testAttrsetsPassthrough = {
      expr = [ (lib.attrNames { b = 1; a = 2; }) (lib.hasAttr "a" { a = 1; }) (lib.getAttr "a" { a = 1; }) (lib.removeAttrs { a = 1; b = 2; } [ "a" ]) (lib.listToAttrs [ { name = "k"; value = 1; } ]) (lib.intersectAttrs { a = 0; } { a = 1; b = 2; }) (lib.catAttrs "a" [ { a = 1; } { } { a = 2; } ]) (lib.isAttrs { }) ];
      expected = [ [ "a" "b" ] true 1 { b = 2; } { k = 1; } { a = 1; } [ 1 2 ] true ];
    };
    testAttrsetsNamespace = {
      expr = [ (lib.attrsets.filterAttrs (n: v: v) { a = true; b = false; }) (lib.attrsets.recursiveUpdate { a.b = 1; } { a.c = 2; }) (lib.attrsets.setAttrByPath [ "x" ] 1) ];
      expected = [ { a = true; } { a = { b = 1; c = 2; }; } { x = 1; } ];
    };

    # ------------------------------------------------- builtins re-exports
    testTopLevelBuiltins = {
      expr = [ (lib.add 1 2) (lib.sub 5 3) (lib.mul 2 3) (lib.div 7 2) (lib.lessThan 1 2) (lib.floor 1.5) (lib.ceil 1.5) (lib.typeOf 1) (lib.isInt 1) (lib.isFloat 1.0) (lib.isBool true) (lib.isString "s") (lib.isList [ ]) (lib.toString 5) ];
      expected = [ 3 2 6 3 true 1 2 "int" true true true true true "5" ];
    };
    testTopLevelMisc = {
      expr = [ (lib.baseNameOf "/a/b.nix") (lib.dirOf "/a/b.nix") (lib.parseDrvName "hello-1.0") (lib.splitVersion "1.2") (lib.fromJSON "[1]") (lib.tryEval (throw "x")) (lib.concatLists [ [ 1 ] [ 2 ] ]) ];
      expected = [ "b.nix" "/a" { name = "hello"; version = "1.0"; } [ "1" "2" ] [ 1 ] { success = false; value = false; } [ 1 2 ] ];
    };
    testTopLevelGenericClosure = {
      expr = map (x: x.key) (lib.genericClosure { startSet = [ { key = 1; } ]; operator = x: if x.key < 3 then [ { key = x.key + 1; } ] else [ ]; });
      expected = [ 1 2 3 ];
    };
    testTopLevelSeq = { expr = [ (lib.seq 1 2) (lib.deepSeq [ 1 ] 3) ]; expected = [ 2 3 ]; };
    testHashString = { expr = lib.hashString "sha256" ""; expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; };
  };

in
builtins.filter (name: !(passes tests.${name})) (attrNames tests)
