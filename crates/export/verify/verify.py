#!/usr/bin/env python3
"""Check exported flakes with REAL Nix against the playground engine.

usage: verify.py [--aspects BIN] [--keep DIR] [WORKSPACE[@REPO] ...]

For each workspace (default: every gallery example and every verify/workspaces/*.txt,
each with its default repo), `aspects export` writes the flake of the repo, and real
Nix evaluates it with real nixpkgs lib, flake-parts, flake-aspects and import-tree
(local checkouts given with --override-input: there is no network here). Compared with
`aspects eval` of the same workspace and repo:

  names    flake.modules: CLASS -> [NAME] (the real classes) equal to the engine's
           `exported`; every key of flake.modules (junk included) equal to its
           `flake_modules_keys`; the names of flake.aspects equal to its `aspects`
  configs  each flake.modules.CLASS.NAME evaluated with class CLASS (configs.nix)
           equal to the engine's conformance `modules` (lists as multisets, the exact
           order reported too); where the engine reports an error, Nix must fail too.
           An entry that needs `pkgs` (only nixpkgs' lib is here) is skipped.

A workspace whose export is refused as out of scope (inputs.dendrix) is skipped.

Sources (environment variables, defaults as used by the conformance recorder):
  EXPORT_VERIFY_NIXPKGS        a flake with a `lib` output (nix-community/nixpkgs.lib)
                               default /tmp/nixpkgs.lib
  EXPORT_VERIFY_FLAKE_PARTS    hercules-ci/flake-parts, default /tmp/flake-parts
  EXPORT_VERIFY_FLAKE_ASPECTS  vic/flake-aspects, default /tmp/flake-aspects
  EXPORT_VERIFY_IMPORT_TREE    vic/import-tree, default /tmp/import-tree

import-tree uses builtins.readFileType (Nix 2.14). On an older Nix a copy of it is
made with that one test rewritten with readDir (same result), and the copy is used.
"""
import argparse
import glob
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CONFIGS_NIX = os.path.join(HERE, "configs.nix")
NIX = ["nix", "--extra-experimental-features", "nix-command flakes"]


def sources():
    s = {
        "nixpkgs": os.environ.get("EXPORT_VERIFY_NIXPKGS", "/tmp/nixpkgs.lib"),
        "flake-parts": os.environ.get("EXPORT_VERIFY_FLAKE_PARTS", "/tmp/flake-parts"),
        "flake-aspects": os.environ.get("EXPORT_VERIFY_FLAKE_ASPECTS", "/tmp/flake-aspects"),
        "import-tree": os.environ.get("EXPORT_VERIFY_IMPORT_TREE", "/tmp/import-tree"),
    }
    for name, d in s.items():
        if not os.path.exists(os.path.join(d, "flake.nix")):
            sys.exit(f"verify.py: {d}/flake.nix not found (the {name} source; see the docstring)")
    return {k: os.path.abspath(v) for k, v in s.items()}


def nix_version():
    out = subprocess.run(["nix", "--version"], capture_output=True, text=True).stdout
    m = re.search(r"(\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def import_tree_for(version, src, scratch):
    """import-tree as it is, or on Nix < 2.14 a copy without builtins.readFileType."""
    if version >= (2, 14):
        return src, None
    copy = os.path.join(scratch, "import-tree")
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns(".git", "docs"))
    path = os.path.join(copy, "default.nix")
    text = open(path).read()
    old = 'isDirectory = and (x: builtins.readFileType x == "directory") isPathLike;'
    new = (
        "isDirectory = and (x: let s = toString x; in builtins.pathExists s && "
        '(builtins.readDir (dirOf s)).${baseNameOf s} or null == "directory") isPathLike;'
    )
    if old not in text:
        sys.exit("verify.py: import-tree's isDirectory is not the expected one; update verify.py")
    open(path, "w").write(text.replace(old, new))
    return copy, f"import-tree patched for Nix {version[0]}.{version[1]}: readFileType -> readDir"


NON_TERMINATING = "error: non-terminating (time or memory limit reached)"


def limits():
    memory = 3072 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def run(cmd, cwd=None, timeout=30, limit=False):
    """(exit code, stdout, stderr); a run over the limits fails as non-terminating
    (real Nix does not stop on an include cycle: it grows until killed). The memory
    limit is for Nix only (the engine reserves a large stack)."""
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                           preexec_fn=limits if limit else None)
    except subprocess.TimeoutExpired:
        return 124, "", NON_TERMINATING
    if limit and (p.returncode < 0 or re.search(r"std::bad_alloc|Cannot allocate memory|GC Warning: Out of Memory", p.stderr)):
        return p.returncode or 1, "", NON_TERMINATING
    return p.returncode, p.stdout, p.stderr


def default_repo(ws):
    """The last repo of a workspace text, or None for a plain .nix file."""
    if os.path.isdir(ws):
        return None
    text = open(ws).read()
    repos = []
    for line in text.split("\n"):
        m = re.match(r"^-- ([^/]+)/.* --\s*$", line)
        if m and m.group(1) not in repos:
            repos.append(m.group(1))
    if not repos and ws.endswith(".nix"):
        return None
    return repos[-1] if repos else "main"


def repo_args(repo):
    return ["--repo", repo] if repo else []


def canon(v):
    return json.dumps(v, sort_keys=True)


def multiset(v):
    if isinstance(v, dict):
        return {k: multiset(x) for k, x in v.items()}
    if isinstance(v, list):
        return sorted((multiset(x) for x in v), key=canon)
    return v


def first_error_line(stderr):
    for line in stderr.splitlines():
        if line.startswith("error:"):
            return line
    lines = [l for l in stderr.splitlines() if l.strip() and not l.startswith(("warning:", "•", "    "))]
    return lines[0] if lines else stderr.strip()[:200]


class Verifier:
    def __init__(self, aspects, src, keep):
        self.aspects = aspects
        self.src = src
        self.keep = keep
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.exact = 0
        self.multiset_only = 0
        self.notes = []

    def overrides(self):
        out = []
        for name, d in self.src.items():
            out += ["--override-input", name, f"path:{d}"]
        return out

    def nix_eval(self, flake, attr, apply, impure=False):
        cmd = NIX + ["eval", "--json", f"{flake}#{attr}", "--apply", apply] + self.overrides()
        if impure:
            cmd.insert(len(NIX) + 1, "--impure")
        code, out, err = run(cmd, limit=True)
        if code == 0:
            return True, json.loads(out)
        return False, err

    def engine(self, ws, repo, fmt):
        code, out, err = run([self.aspects, "eval", ws, "--format", fmt] + repo_args(repo))
        try:
            return json.loads(out)
        except json.JSONDecodeError:
            return {"__failed__": first_error_line(err) or f"exit {code}"}

    def check(self, label, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"  FAIL {label}: {detail}")
        return ok

    def verify(self, ws, repo, scratch):
        name = os.path.relpath(ws, ROOT)
        out_dir = os.path.join(scratch, re.sub(r"[^A-Za-z0-9]+", "-", f"{name}-{repo}"))
        code, out, err = run([self.aspects, "export", ws, out_dir] + repo_args(repo))
        if code != 0:
            if "inputs.dendrix" in err:
                self.skipped += 1
                print(f"SKIP {name} @{repo or 'main'}: inputs.dendrix is out of scope")
                return
            self.check(f"{name} export", False, err.strip())
            return
        print(f"{name} @{repo or 'main'}")
        lib = os.path.join(self.src["nixpkgs"], "lib")
        flake = f"path:{out_dir}"
        analysis = self.engine(ws, repo, "json")
        conformance = self.engine(ws, repo, "conformance")
        if "__failed__" in analysis or analysis.get("fatal"):
            fatal = analysis.get("__failed__") or analysis["fatal"].get("message")
            ok, got = self.nix_eval(flake, "modules", f"import {CONFIGS_NIX} {{ lib = import {lib}; }}", True)
            self.check("whole-evaluation error in both", not ok, f"engine: {fatal}; nix: {got}")
            return

        ok, got = self.nix_eval(flake, "modules", f"import {CONFIGS_NIX} {{ lib = import {lib}; }}", True)
        if not self.check("nix evaluates flake.modules", ok, first_error_line(got) if not ok else ""):
            return
        self.check("class -> names", got["names"] == analysis["exported"],
                   f"nix {got['names']} != engine {analysis['exported']}")
        self.check("flake.modules keys", got["keys"] == analysis["flake_modules_keys"],
                   f"nix {got['keys']} != engine {analysis['flake_modules_keys']}")
        ok, aspects = self.nix_eval(flake, "aspects", "builtins.attrNames")
        want = sorted(analysis["aspects"].keys())
        self.check("aspect names", ok and aspects == want, f"nix {aspects} != engine {want}")
        print(f"  modules {canon(got['names'])}; aspects {canon(want)}")

        expected = (conformance.get("modules") or {})
        for cls, names in sorted(got["names"].items()):
            for n in names:
                apply = f'import {CONFIGS_NIX} {{ lib = import {lib}; class = "{cls}"; name = "{n}"; }}'
                ok, value = self.nix_eval(flake, "modules", apply, True)
                want = expected.get(cls, {}).get(n)
                label = f"config {cls}.{n}"
                if isinstance(want, dict) and "$error" in want:
                    if self.check(label + " fails in both", not ok,
                                  f"engine: {want['$error'][:100]}; nix gave a value"):
                        print(f"  both fail {label}: engine {want.get('$errorKind')}, nix {first_error_line(value)[:100]}")
                    continue
                if not ok:
                    line = first_error_line(value)
                    if re.search(r"attribute 'pkgs' missing|called without required argument 'pkgs'", value):
                        self.skipped += 1
                        print(f"  skip {label}: needs pkgs (only nixpkgs' lib is here)")
                        continue
                    self.check(label, False, f"nix: {line}")
                    continue
                same = multiset(value) == multiset(want)
                if self.check(label, same, f"nix {canon(value)[:200]} != engine {canon(want)[:200]}"):
                    if value == want:
                        self.exact += 1
                    else:
                        self.multiset_only += 1
                        print(f"  order differs {label}: nix {canon(value)[:150]} engine {canon(want)[:150]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--aspects", default=os.path.join(ROOT, "target", "debug", "aspects"))
    ap.add_argument("--keep", help="write the exports here (kept) instead of a temporary folder")
    ap.add_argument("workspaces", nargs="*")
    args = ap.parse_args()
    if not os.path.exists(args.aspects):
        sys.exit(f"verify.py: {args.aspects} not found (cargo build -p aspects-cli)")
    items = args.workspaces or (
        sorted(glob.glob(os.path.join(ROOT, "crates", "gallery", "examples", "*.nix")))
        + sorted(glob.glob(os.path.join(HERE, "workspaces", "*.txt")))
    )
    version = nix_version()
    print(f"nix {version[0]}.{version[1]}")
    src = sources()
    scratch = args.keep or tempfile.mkdtemp(prefix="export-verify-")
    os.makedirs(scratch, exist_ok=True)
    src["import-tree"], note = import_tree_for(version, src["import-tree"], scratch)
    if note:
        print(note)
    v = Verifier(os.path.abspath(args.aspects), src, args.keep)
    try:
        for item in items:
            ws, _, repo = item.partition("@")
            ws = os.path.abspath(ws)
            v.verify(ws, repo or default_repo(ws), scratch)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"configs equal in exact order: {v.exact}, as multisets only: {v.multiset_only}")
    print(f"{v.passed} passed, {v.failed} failed, {v.skipped} skipped")
    sys.exit(1 if v.failed else 0)


if __name__ == "__main__":
    main()
