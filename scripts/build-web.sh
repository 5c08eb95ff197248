#!/usr/bin/env bash
# Builds the web app into dist/ in release mode (cargo profile wasm-release).
#
#   ASPECT_BUILD=trunk   Trunk (`trunk build --release`, as `trunk serve` does)
#   ASPECT_BUILD=cargo   no Trunk: cargo build → wasm-bindgen → wasm-opt -Oz
#                        → dist/index.html made from index.html
#   ASPECT_BUILD=auto    (default) Trunk when the pinned Trunk, wasm-bindgen
#                        and wasm-opt are all installed, otherwise cargo
#
# Run scripts/setup.sh first (serve.sh and test.sh do). Without wasm-opt the
# cargo path still builds, only larger.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

BIN=aspect-playground
# The engine's Web Worker: a second wasm binary, loaded by a small shim.
WORKER=engine-worker
PROFILE="wasm-release"
TARGET=wasm32-unknown-unknown
DIST="$ROOT/dist"
started=$(now)

mode="${ASPECT_BUILD:-auto}"
if [ "$mode" = auto ]; then
    if have_trunk && have_wasm_bindgen && have_wasm_opt; then mode=trunk; else mode=cargo; fi
fi
have_wasm_bindgen || die "wasm-bindgen $WASM_BINDGEN_VERSION is not installed (run scripts/setup.sh)"

build_with_trunk() {
    have_trunk || die "trunk $TRUNK_VERSION is not installed (run scripts/setup.sh)"
    have_wasm_opt || die "Trunk needs the pinned wasm-opt (run scripts/setup.sh), or use ASPECT_BUILD=cargo"
    say "trunk build --release (profile $PROFILE, wasm-opt -Oz)"
    # Trunk finds the pinned wasm-bindgen and wasm-opt on PATH (lib.sh) and
    # checks their versions against Trunk.toml, so it downloads nothing.
    wasm_env trunk build --release
}

# Short content hash for cache-busting file names.
hash_of() { sha256sum "$1" | cut -c1-16; }

optimise() {
    if have_wasm_opt; then
        say "wasm-opt -Oz $(basename "$1")"
        wasm-opt -Oz "$1" -o "$1.opt"
        mv "$1.opt" "$1"
    else
        note "wasm-opt skipped: binaryen $BINARYEN_MAJOR is not installed (scripts/setup.sh installs it from npm)"
    fi
}

build_with_cargo() {
    bash "$ROOT/scripts/build-editor.sh"
    say "cargo build --target $TARGET --profile $PROFILE (page and engine worker)"
    wasm_env cargo build --target "$TARGET" --profile "$PROFILE" --bin "$BIN" --bin "$WORKER"
    local out="${CARGO_TARGET_DIR:-$ROOT/target}/$TARGET/$PROFILE"
    local stage="$ROOT/target/web-stage"
    rm -rf "$stage"
    mkdir -p "$stage"

    say "wasm-bindgen --target web (page), --target no-modules (worker)"
    wasm-bindgen --target web --no-typescript --out-dir "$stage" --out-name "$BIN" "$out/$BIN.wasm"
    wasm-bindgen --target no-modules --no-typescript --out-dir "$stage" --out-name "$WORKER" "$out/$WORKER.wasm"
    optimise "$stage/${BIN}_bg.wasm"
    optimise "$stage/${WORKER}_bg.wasm"
    # The worker's entry script, as Trunk's loader shim writes it.
    printf 'importScripts("./%s.js");\nwasm_bindgen({ module_or_path: "./%s_bg.wasm" });\n' \
        "$WORKER" "$WORKER" >"$stage/${WORKER}_loader.js"
    cp "$ROOT/target/editor/aspect-editor.js" "$stage/"

    # Content-hashed names, like Trunk's, so browsers never mix versions.
    local js wasm_out css
    js="$BIN-$(hash_of "$stage/$BIN.js").js"
    wasm_out="$BIN-$(hash_of "$stage/${BIN}_bg.wasm")_bg.wasm"
    css="main-$(hash_of style/main.css).css"
    mv "$stage/$BIN.js" "$stage/$js"
    mv "$stage/${BIN}_bg.wasm" "$stage/$wasm_out"
    cp style/main.css "$stage/$css"
    cp -R public/. "$stage/"

    # index.html without Trunk's directives, plus what they would produce.
    local head
    head="    <link rel=\"stylesheet\" href=\"$css\" />
    <link rel=\"modulepreload\" href=\"$js\" />
    <link rel=\"preload\" href=\"$wasm_out\" as=\"fetch\" type=\"application/wasm\" crossorigin />
    <script type=\"module\">
      import init from \"./$js\";
      init({ module_or_path: \"./$wasm_out\" });
    </script>"
    HEAD="$head" awk '
        /data-trunk/ { next }
        /<\/head>/ { print ENVIRON["HEAD"] }
        { print }
    ' index.html >"$stage/index.html"
    grep -q "$js" "$stage/index.html" || die "could not write dist/index.html"

    rm -rf "$DIST"
    mv "$stage" "$DIST"
}

case "$mode" in
trunk) build_with_trunk ;;
cargo) build_with_cargo ;;
*) die "ASPECT_BUILD must be trunk, cargo or auto (got '$mode')" ;;
esac

say "dist/ built with $mode in $(($(now) - started)) s:"
for f in "$DIST"/*.wasm "$DIST"/*.js; do
    [ -f "$f" ] || continue
    printf '    %-48s %8d bytes, %8d gzip -9\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
