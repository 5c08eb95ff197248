#!/usr/bin/env python3
"""Record the golden output of conformance cases with the REAL flake-aspects.

usage: record.py [options] CASE [CASE...]
  CASE is cases/NAME.nix or a directory case cases/NAME/; the golden is written to
  cases/NAME.expected.json (or printed with --stdout).

options:
  --lib DIR            nixpkgs lib directory (default $RECORDER_NIXPKGS_LIB or
                       /tmp/nixpkgs.lib/lib)
  --flake-aspects DIR  vic/flake-aspects checkout (default $RECORDER_FLAKE_ASPECTS or
                       /tmp/flake-aspects)
  --flake-parts DIR    hercules-ci/flake-parts checkout (default $RECORDER_FLAKE_PARTS
                       or /tmp/flake-parts)
  --stdout             print instead of writing NAME.expected.json
  --out DIR            write NAME.expected.json into DIR instead of beside the case
  --timeout SECONDS    limit per nix-instantiate run (default 30); a run that hits it
                       or the memory limit is "non-terminating"
  --memory MB          address-space limit per run (default 3072)

Each piece of the schema (README.md of the corpus) is computed by its own
`nix-instantiate --eval --strict --json` run of eval.nix, so that an error Nix cannot
catch (a missing attribute, a bad call, a type error, ...) only affects the piece it
belongs to; its message comes from stderr and is classified into the kind vocabulary.
"""
import argparse
import json
import os
import re
import resource
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL_NIX = os.path.join(HERE, "eval.nix")
PROBE_MARKER = "__RECORDER_PROBE__"
NON_TERMINATING = "<non-terminating: evaluation exceeded the memory/time limit>"


class Recorder:
    def __init__(self, args):
        self.lib = os.path.abspath(args.lib)
        self.fa = os.path.abspath(args.flake_aspects)
        self.fp = os.path.abspath(args.flake_parts)
        self.timeout = args.timeout
        self.memory = args.memory * 1024 * 1024
        for d, what in ((self.lib, "types.nix"), (self.fa, "nix/lib.nix"), (self.fp, "extras/modules.nix")):
            if not os.path.exists(os.path.join(d, what)):
                sys.exit(f"record.py: {os.path.join(d, what)} not found (fetch the sources, see README.md)")

    # -------------------------------------------------------------------------
    def run(self, case, mode, **kw):
        """One nix-instantiate run: ("ok", value) or ("error", message, detail, kind)."""
        cmd = [
            "nix-instantiate", "--eval", "--strict", "--json", EVAL_NIX,
            "--argstr", "casePath", case,
            "--argstr", "libDir", self.lib,
            "--argstr", "faDir", self.fa,
            "--argstr", "fpDir", self.fp,
            "--argstr", "mode", mode,
        ]
        for k, v in kw.items():
            cmd += ["--argstr", k, str(v)]

        def limits():
            resource.setrlimit(resource.RLIMIT_AS, (self.memory, self.memory))

        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout, preexec_fn=limits)
        except subprocess.TimeoutExpired:
            return ("error", NON_TERMINATING, NON_TERMINATING, "non-terminating")
        if p.returncode == 0:
            return ("ok", json.loads(p.stdout))
        err = p.stderr
        if p.returncode < 0 and p.returncode != -11 or re.search(r"out of memory|std::bad_alloc|Cannot allocate memory|GC Warning: Out of Memory", err):
            return ("error", NON_TERMINATING, NON_TERMINATING, "non-terminating")
        if p.returncode == -11 and "stack overflow" not in err:
            err = "error: stack overflow (possible infinite recursion)\n"
        msg, detail = self.clean(err, case)
        return ("error", msg, detail, classify(msg))

    def clean(self, stderr, case):
        """The message without `error: `, Nix 2.8's 7-space indentation, trace hints,
        with paths replaced by placeholders. Returns (first paragraph, everything)."""
        lines = stderr.rstrip("\n").split("\n")
        # drop GC warnings and the like before the error
        while lines and not lines[0].startswith("error"):
            lines.pop(0)
        out = []
        for i, l in enumerate(lines):
            if i == 0:
                l = re.sub(r"^error: ", "", l)
            elif l.startswith("       "):
                l = l[7:]
            if "(use '--show-trace' to show detailed location information)" in l:
                continue
            out.append(l)
        text = "\n".join(out).strip("\n")
        case_dir = os.path.dirname(os.path.abspath(case).rstrip("/"))
        for path, name in (
            (case_dir, "<case-dir>"),
            (self.lib, "<nixpkgs-lib>"),
            (self.fa, "<flake-aspects>"),
            (self.fp, "<flake-parts>"),
            (HERE, "<recorder>"),
        ):
            text = text.replace(path + "/", name + "/")
        text = re.sub(r"/nix/store/[a-z0-9]{32}-", "/nix/store/", text)
        first = text.split("\n\n")[0]
        return first, text

    # -------------------------------------------------------------------------
    def record(self, case):
        top = self.run(case, "top")
        if top[0] == "error":
            _, msg, detail, kind = top
            return {
                "aspects": None,
                "modules": None,
                "flakeModulesKeys": None,
                "error": msg,
                "errorKind": kind,
                "errorAt": None,
                "errorDetail": detail,
            }
        top = top[1]
        first = None  # (at, msg, detail, kind)

        aspects = {}
        for name in sorted(top["aspects"]):
            r = self.run(case, "aspect", name=name)
            if r[0] == "error":
                _, msg, detail, kind = r
                aspects[name] = {"$error": msg, "$errorKind": kind}
                if first is None:
                    first = (["aspects", name], msg, detail, kind)
                continue
            value = r[1]
            for i, inc in enumerate(value.get("includes", [])):
                if inc.get("name") == PROBE_MARKER:
                    p = self.run(case, "probe", name=name, index=i)
                    if p[0] == "ok":
                        inc["name"] = p[1]
                    else:
                        inc["name"] = {"$error": p[1], "$errorKind": p[3]}
            aspects[name] = value

        modules = {}
        for cls in sorted(top["classes"]):
            modules[cls] = {}
            for name in sorted(top["classes"][cls]):
                r = self.run(case, "module", **{"class": cls, "name": name})
                if r[0] == "error":
                    _, msg, detail, kind = r
                    modules[cls][name] = {"$error": msg, "$errorKind": kind}
                    if first is None:
                        first = (["modules", cls, name], msg, detail, kind)
                else:
                    modules[cls][name] = r[1]

        doc = {
            "aspects": aspects,
            "modules": modules,
            "flakeModulesKeys": sorted(top["flakeModulesKeys"]),
            "error": None,
            "errorKind": None,
            "errorAt": None,
            "errorDetail": None,
        }
        if first:
            doc["errorAt"], doc["error"], doc["errorDetail"], doc["errorKind"] = first
        return doc


KINDS = [
    (r"infinite recursion encountered", "infinite-recursion"),
    (r"stack overflow", "stack-overflow"),
    (r"^syntax error", "syntax"),
    (r"attribute '.*' missing", "missing-attribute"),
    (r"called with unexpected argument", "unexpected-argument"),
    (r"called without required argument", "missing-argument"),
    (r"attempt to call something which is not a function", "not-a-function"),
    (r"^value is an? .* while an? .* was expected", "wrong-value-type"),
    (r"^The option `.*' has conflicting definition values", "conflicting-definitions"),
    (r"^The option `.*' is defined multiple times while it's expected to be unique", "conflicting-definitions"),
    (r"^The option `.*' has conflicting option types", "conflicting-types"),
    (r"^A definition for option `.*' is not of type", "option-type"),
    (r"^The option `.*' (was accessed but has no value defined|is used but not defined)", "undefined-option"),
    (r"^The option `.*' does not exist", "undeclared-option"),
    (r"^The option `.*' is read-only", "read-only"),
    (r"^cannot coerce", "coercion"),
]


def classify(msg):
    for pattern, kind in KINDS:
        if re.search(pattern, msg, re.S):
            return kind
    return "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="+")
    ap.add_argument("--lib", default=os.environ.get("RECORDER_NIXPKGS_LIB", "/tmp/nixpkgs.lib/lib"))
    ap.add_argument("--flake-aspects", default=os.environ.get("RECORDER_FLAKE_ASPECTS", "/tmp/flake-aspects"))
    ap.add_argument("--flake-parts", default=os.environ.get("RECORDER_FLAKE_PARTS", "/tmp/flake-parts"))
    ap.add_argument("--stdout", action="store_true")
    ap.add_argument("--out")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--memory", type=int, default=3072)
    args = ap.parse_args()
    rec = Recorder(args)
    for case in args.cases:
        case = os.path.abspath(case).rstrip("/")
        if not os.path.exists(case):
            sys.exit(f"record.py: {case} does not exist")
        doc = rec.record(case)
        text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
        if args.stdout:
            sys.stdout.write(text)
            continue
        base = os.path.basename(case)
        if base.endswith(".nix"):
            base = base[: -len(".nix")]
        out_dir = args.out or os.path.dirname(case)
        target = os.path.join(out_dir, base + ".expected.json")
        with open(target, "w") as f:
            f.write(text)
        print(f"{target}: {doc['errorKind'] or 'ok'}", file=sys.stderr)


if __name__ == "__main__":
    main()
