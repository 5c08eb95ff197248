# Dendrix trees, written for Aspect Playground from the behaviour recorded
# in SEMANTICS.md section 3 (vic/dendrix's community pipeline): the
# import-trees `inputs.dendrix.<repo>` and `inputs.dendrix.<repo>.<aspect>`.
#
# `{ lib, importTree }: { repoTree, sharedTree, layerTree, api, flagsOf }`.
{ lib, importTree }:
let
  # `+name` flags anywhere in a path.
  flagsOf = path:
    builtins.filter builtins.isList (builtins.split "\\+([[:alpha:]-]+)" (toString path));

  api = {
    # Only paths containing `community`.
    community = self: self.filter (lib.hasInfix "community");

    # "+x -y bare": `+x` keeps paths containing `+x`, `-y` drops paths
    # containing `+y`, a bare word keeps paths containing it. A list of
    # such strings works too.
    flagged = self: flags:
      let
        words = builtins.filter (w: w != "")
          (lib.concatMap (lib.splitString " ") (lib.flatten [ flags ]));
        step = tree: word:
          if lib.hasPrefix "-" word
          then tree.filterNot (lib.hasInfix ("+" + lib.removePrefix "-" word))
          else tree.filter (lib.hasInfix word);
      in
      builtins.foldl' step self words;

    # The flags (without `+`) used by the tree's files, each once.
    availableFlags = self: lib.unique (lib.flatten (map flagsOf self.files));
  };

  # What a repo shares: every file below `root` but paths containing
  # `private` (Dendrix discovers aspects by evaluating this tree alone).
  sharedTree = root: (importTree.addPath root).filterNot (lib.hasInfix "private");

  # A repo's shared tree: `root` (a path), private paths dropped, the
  # Dendrix API, and one tree per aspect (`aspects`: name -> the files that
  # define it, relative to `root`, as "/a/b.nix"); aspects none of whose
  # files is shared are left out.
  repoTree = { root, aspects }:
    let
      base = (sharedTree root).addAPI api;
      perAspect = lib.mapAttrs (_: rels: base.filter (rel: builtins.elem rel rels)) aspects;
      shared = lib.filterAttrs (_: t: t.files != [ ]) perAspect;
    in
    base.addAPI (lib.mapAttrs (_: t: _self: t) shared);

  # A layer: every file below `dir` (dev/layers/<name>/modules), as a
  # tree (imported as a module it imports them all).
  layerTree = dir: importTree.addPath dir;
in
{
  inherit repoTree sharedTree layerTree api flagsOf;
}
