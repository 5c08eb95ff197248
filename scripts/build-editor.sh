#!/usr/bin/env bash
# Builds the CodeMirror 6 editor bundle (web/editor) into one minified IIFE:
#
#   $EDITOR_OUT_DIR/aspect-editor.js            sets globalThis.AspectEditor
#   $EDITOR_OUT_DIR/aspect-editor.LICENSES.txt  the bundled packages' license
#                                               comments (all MIT)
#
# EDITOR_OUT_DIR defaults to target/editor in the repo. Runs from any cwd.
# Needs Node and npm, and the npm registry the first time (npm ci); the
# install is redone only when package-lock.json changes (a stamp in
# node_modules), and esbuild runs only when an input is newer than the output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EDITOR_DIR="$ROOT/web/editor"
OUT_DIR="${EDITOR_OUT_DIR:-$ROOT/target/editor}"
OUT="$OUT_DIR/aspect-editor.js"
LICENSES="$OUT_DIR/aspect-editor.LICENSES.txt"
STAMP="$EDITOR_DIR/node_modules/.aspect-editor-stamp"

say() { printf '==> %s\n' "$*"; }
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

command -v node >/dev/null 2>&1 ||
    die "node is not installed: the editor bundle needs Node.js (18 or newer) and npm"
command -v npm >/dev/null 2>&1 ||
    die "npm is not installed: the editor bundle needs npm to install CodeMirror and esbuild"
[ -f "$EDITOR_DIR/package-lock.json" ] || die "missing $EDITOR_DIR/package-lock.json"

# 1. Dependencies, exactly as locked. The stamp holds the lock file's hash.
lock_hash="$(cksum <"$EDITOR_DIR/package-lock.json" | cut -d' ' -f1)"
if [ ! -d "$EDITOR_DIR/node_modules" ] || [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$lock_hash" ]; then
    say "npm ci (web/editor)"
    # No install scripts: esbuild's postinstall only checks its binary, which
    # comes from its platform package (@esbuild/<os>-<arch>) either way.
    (cd "$EDITOR_DIR" && npm ci --ignore-scripts --no-audit --no-fund) ||
        die "npm ci failed in web/editor (is the npm registry reachable?)"
    printf '%s\n' "$lock_hash" >"$STAMP"
fi

ESBUILD="$EDITOR_DIR/node_modules/.bin/esbuild"
[ -x "$ESBUILD" ] || die "esbuild is missing from web/editor/node_modules (delete it and rerun)"

# 2. Bundle, unless the output is newer than every input.
mkdir -p "$OUT_DIR"
stale=1
if [ -f "$OUT" ] && [ -f "$LICENSES" ]; then
    newer="$(find "$EDITOR_DIR/src" "$EDITOR_DIR/package.json" "$EDITOR_DIR/package-lock.json" \
        "$STAMP" "${BASH_SOURCE[0]}" -newer "$OUT" -print -quit 2>/dev/null || true)"
    [ -z "$newer" ] && stale=0
fi

if [ "$stale" = 1 ]; then
    say "esbuild src/editor.js -> $OUT"
    tmp="$OUT_DIR/.aspect-editor.$$"
    mkdir -p "$tmp"
    trap 'rm -rf "$tmp"' EXIT
    # legal-comments=external writes out.js.LEGAL.txt next to out.js.
    (cd "$EDITOR_DIR" && "$ESBUILD" src/editor.js \
        --bundle --minify --format=iife --target=es2020 --platform=browser \
        --legal-comments=external --charset=utf8 --log-level=warning \
        --outfile="$tmp/aspect-editor.js")
    {
        printf 'Aspect Playground editor bundle: third-party packages, all under the MIT license.\n'
        printf 'Bundled from web/editor/package-lock.json:\n\n'
        (cd "$EDITOR_DIR" && node -e '
            const lock = require("./package-lock.json");
            for (const [path, p] of Object.entries(lock.packages || {})) {
                if (!path || p.dev) continue;
                console.log("  " + path.replace(/^.*node_modules\//, "") + " " + p.version + " (" + (p.license || "?") + ")");
            }')
        printf '\nLicense comments kept by esbuild:\n\n'
        if [ -f "$tmp/aspect-editor.js.LEGAL.txt" ]; then cat "$tmp/aspect-editor.js.LEGAL.txt"; else printf '  (none)\n'; fi
    } >"$tmp/LICENSES.txt"
    mv -f "$tmp/LICENSES.txt" "$LICENSES"
    mv -f "$tmp/aspect-editor.js" "$OUT"
else
    say "editor bundle is up to date: $OUT"
fi

raw=$(wc -c <"$OUT" | tr -d ' ')
gz=$(gzip -9 -c "$OUT" | wc -c | tr -d ' ')
printf '    %s: %s bytes raw, %s bytes gzip -9 (%s KiB)\n' \
    "$(basename "$OUT")" "$raw" "$gz" "$(awk -v b="$gz" 'BEGIN { printf "%.1f", b / 1024 }')"
