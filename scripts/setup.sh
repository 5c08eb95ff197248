#!/usr/bin/env bash
# Installs what building and testing the playground needs. Idempotent: when
# everything is present it only checks, in about a second.
#
#   - the wasm32-unknown-unknown standard library: rustup's target, or on
#     Debian when rustup cannot fetch it, Debian's rustc-web toolchain with
#     build-std (its variables go to .env-wasm, used by wasm commands only);
#   - wasm-bindgen-cli at Cargo.lock's wasm-bindgen version, Trunk 0.21.14
#     (cargo install) and binaryen 132 from npm (wasm-opt), all in
#     ${ASPECT_TOOLS_DIR:-~/.cache/aspect-playground/tools}, outside the clone;
#   - Debian packages chromium, chromium-driver (browser tests) and nix-bin.
#
# Environment: ASPECT_TOOLS_DIR (tools cache), ASPECT_SKIP_APT=1 (never call
# apt-get), ASPECT_SKIP_TRUNK=1 (do not install Trunk; the build then uses
# the Trunk-free path), ASPECT_WASM_TOOLCHAIN=debian-web (use the Debian
# fallback even when rustup's target is there; for testing that path).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

started=$(now)
APT_PACKAGES=(chromium chromium-driver nix-bin)
DEBIAN_WEB_PACKAGES=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)
missing_notes=()  # optional things the user should install
missing_required=0

command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup first"
[ -n "$WASM_BINDGEN_VERSION" ] || die "could not read wasm-bindgen's version from Cargo.lock"
mkdir -p "$TOOLS_DIR"

# ---------------------------------------------------------------- apt ----
can_apt() {
    [ "${ASPECT_SKIP_APT:-}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
}
apt_updated=
apt_install() {
    if [ -z "$apt_updated" ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        apt_updated=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
# Prints the packages of "$@" that dpkg does not have installed.
apt_missing() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$p"
    done
}

# ------------------------------------------------------- wasm32 target ----
wasm_std_present() {
    local sysroot
    sysroot="$(rustc --print sysroot 2>/dev/null)" &&
        [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]
}

debian_web_ready() {
    [ -z "$(apt_missing "${DEBIAN_WEB_PACKAGES[@]}")" ] &&
        rustup toolchain list 2>/dev/null | grep -q '^debian-web'
}

write_env_wasm() {
    cat >"$ENV_WASM" <<'EOF'
# Written by scripts/setup.sh: Debian's rustc-web toolchain builds std for
# wasm32 from source. Sourced by the wasm build commands only; never source
# it in a shell used for native builds (they would rebuild std for the host).
RUSTUP_TOOLCHAIN=debian-web
RUSTC_BOOTSTRAP=1
CARGO_UNSTABLE_BUILD_STD=std,panic_abort
EOF
}

setup_wasm_target() {
    if [ "${ASPECT_WASM_TOOLCHAIN:-}" = debian-web ]; then
        note "wasm32 target: Debian's rustc-web requested (ASPECT_WASM_TOOLCHAIN)"
    elif wasm_std_present; then
        note "wasm32 target: rustup's ($(rustc --version))"
        rm -f "$ENV_WASM"
        return
    elif command -v rustup >/dev/null 2>&1; then
        say "rustup target add wasm32-unknown-unknown (90 s at most)"
        if timeout 90 rustup target add wasm32-unknown-unknown && wasm_std_present; then
            rm -f "$ENV_WASM"
            return
        fi
        warn "rustup could not add the wasm32 target; trying Debian's rustc-web"
    fi
    if ! debian_web_ready; then
        if ! can_apt; then
            missing_notes+=("the wasm32 target: 'rustup target add wasm32-unknown-unknown', or on Debian as root: apt-get install ${DEBIAN_WEB_PACKAGES[*]} && rustup toolchain link debian-web /usr")
            warn "no wasm32 standard library (see the summary below)"
            missing_required=1
            return
        fi
        # shellcheck disable=SC2207
        local need=($(apt_missing "${DEBIAN_WEB_PACKAGES[@]}"))
        [ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
        command -v rustup >/dev/null 2>&1 || die "rustup is needed to register Debian's toolchain"
        rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
    fi
    write_env_wasm
    note "wasm32 target: Debian's rustc-web with build-std (variables in .env-wasm)"
}

# ------------------------------------------------------ cargo installs ----
# Release builds of tools without fat LTO: much faster to compile, and these
# tools do not need the last percent of speed.
cargo_install() {
    local root="$1"
    shift
    local t0
    t0=$(now)
    say "cargo install $* (into $root)"
    # Native build: no wasm variables, even if the caller's shell has them.
    env -u RUSTC_BOOTSTRAP -u CARGO_UNSTABLE_BUILD_STD -u RUSTUP_TOOLCHAIN \
        CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        cargo install --quiet --force --root "$root" "$@"
    note "took $(($(now) - t0)) s"
}

setup_wasm_bindgen() {
    if have_wasm_bindgen; then
        note "wasm-bindgen $WASM_BINDGEN_VERSION: cached"
        return
    fi
    # No --locked: its lock file wants a webpki-roots this registry lacks.
    cargo_install "$WASM_BINDGEN_DIR" wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
    have_wasm_bindgen || die "wasm-bindgen-cli $WASM_BINDGEN_VERSION did not install"
}

setup_trunk() {
    if [ "${ASPECT_SKIP_TRUNK:-}" = 1 ]; then
        note "trunk: skipped (ASPECT_SKIP_TRUNK=1)"
        return
    fi
    if have_trunk; then
        note "trunk $TRUNK_VERSION: cached"
        return
    fi
    cargo_install "$TRUNK_DIR" trunk --version "$TRUNK_VERSION" --locked --no-default-features
    have_trunk || die "trunk $TRUNK_VERSION did not install"
}

setup_binaryen() {
    if have_wasm_opt; then
        note "wasm-opt (binaryen $BINARYEN_MAJOR, npm): cached"
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        missing_notes+=("wasm-opt: install Node.js/npm and re-run (optional: the build skips wasm-opt without it)")
        warn "npm not found: builds will skip wasm-opt"
        return
    fi
    say "npm ci binaryen (into $NPM_TOOLS_DIR)"
    rm -rf "$NPM_TOOLS_DIR"
    mkdir -p "$NPM_TOOLS_DIR"
    cp "$ROOT/tools/package.json" "$ROOT/tools/package-lock.json" "$NPM_TOOLS_DIR/"
    (cd "$NPM_TOOLS_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    have_wasm_opt || die "binaryen's wasm-opt did not install"
}

setup_browser_packages() {
    # shellcheck disable=SC2207
    local need=($(apt_missing "${APT_PACKAGES[@]}"))
    if [ ${#need[@]} -eq 0 ]; then
        note "apt: ${APT_PACKAGES[*]} installed"
        return
    fi
    if can_apt; then
        apt_install "${need[@]}"
    else
        missing_notes+=("${need[*]}: 'sudo apt-get install -y ${need[*]}' on Debian/Ubuntu, or your system's Chromium, its chromedriver and Nix (set CHROMIUM=/path/to/chrome)")
        warn "not installed: ${need[*]}"
    fi
}

say "setup (tools in $TOOLS_DIR)"
setup_wasm_target
setup_browser_packages
setup_binaryen
setup_wasm_bindgen
setup_trunk

if [ ${#missing_notes[@]} -gt 0 ]; then
    echo "Set-up is incomplete; please install:"
    printf '  - %s\n' "${missing_notes[@]}"
    [ "$missing_required" = 0 ] || exit 2
fi
say "setup done in $(($(now) - started)) s"
