# shellcheck shell=bash
# Shared by the scripts in this folder (sourced, not run).
#
# Defines where the pinned tools live, puts them on PATH for this process
# only, and offers `wasm_env CMD...`, which runs one wasm build command with
# the Debian fallback's variables (.env-wasm) when setup wrote them.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Tools are cached outside the clone so that every clone on this machine
# (and CI's fresh clone) reuses them.
TOOLS_DIR="${ASPECT_TOOLS_DIR:-$HOME/.cache/aspect-playground/tools}"

TRUNK_VERSION="0.21.14"
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION="$(awk '
    $0 == "name = \"wasm-bindgen\"" { found = 1; next }
    found && /^version = / { gsub(/version = |"/, ""); print; exit }
' "$ROOT/Cargo.lock")"
BINARYEN_MAJOR="132"

TRUNK_DIR="$TOOLS_DIR/trunk-$TRUNK_VERSION"
WASM_BINDGEN_DIR="$TOOLS_DIR/wasm-bindgen-$WASM_BINDGEN_VERSION"
# npm tools: keyed by the lock file, so a changed lock installs afresh.
NPM_TOOLS_KEY="$(cat "$ROOT/tools/package.json" "$ROOT/tools/package-lock.json" | cksum | cut -d' ' -f1)"
NPM_TOOLS_DIR="$TOOLS_DIR/npm-$NPM_TOOLS_KEY"

ENV_WASM="$ROOT/.env-wasm"

# Our pinned tools first; cargo's usual home if the shell did not add it.
PATH="$TRUNK_DIR/bin:$WASM_BINDGEN_DIR/bin:$NPM_TOOLS_DIR/node_modules/.bin:$PATH"
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    PATH="$HOME/.cargo/bin:$PATH"
fi
export PATH

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# Runs one command for the wasm32 target. On the Debian fallback path this
# adds RUSTUP_TOOLCHAIN / RUSTC_BOOTSTRAP / CARGO_UNSTABLE_BUILD_STD for that
# command alone: native builds must never see them.
wasm_env() {
    (
        if [ -f "$ENV_WASM" ]; then
            set -a
            # shellcheck disable=SC1090
            . "$ENV_WASM"
            set +a
        fi
        "$@"
    )
}

# True when the pinned wasm-opt (binaryen from npm) is installed.
have_wasm_opt() {
    [ -x "$NPM_TOOLS_DIR/node_modules/.bin/wasm-opt" ] &&
        "$NPM_TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null |
        grep -q "version $BINARYEN_MAJOR\b"
}

have_wasm_bindgen() {
    [ -x "$WASM_BINDGEN_DIR/bin/wasm-bindgen" ] &&
        [ -x "$WASM_BINDGEN_DIR/bin/wasm-bindgen-test-runner" ] &&
        [ "$("$WASM_BINDGEN_DIR/bin/wasm-bindgen" --version 2>/dev/null | cut -d' ' -f2)" = "$WASM_BINDGEN_VERSION" ]
}

have_trunk() {
    [ -x "$TRUNK_DIR/bin/trunk" ] &&
        [ "$("$TRUNK_DIR/bin/trunk" --version 2>/dev/null | cut -d' ' -f2)" = "$TRUNK_VERSION" ]
}

# Seconds since the epoch, for the timings the scripts print.
now() { date +%s; }
