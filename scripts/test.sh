#!/usr/bin/env bash
# The whole test suite: set-up, formatting, clippy, the release web build,
# native tests (with the end-to-end test in headless Chromium required), the
# wasm-bindgen tests in headless Chromium, and the profile-guided CLI build.
# Runs every step, prints a summary, and exits non-zero if any step failed.
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 1

started=$(now)
printf '==> disk: %s free before the build\n' "$(df -h . | awk 'NR == 2 { print $4 }')"
results=()
failed=0
passed=0

step() {
    local name="$1"
    shift
    local t0 rc
    t0=$(now)
    printf '\n==> [%s] %s\n' "$name" "$*"
    "$@"
    rc=$?
    local took=$(($(now) - t0))
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1))
        results+=("PASS  $name (${took} s)")
    else
        failed=$((failed + 1))
        results+=("FAIL  $name (${took} s, exit $rc)")
    fi
    return $rc
}

summary() {
    printf '\n==> disk: target/ holds %s; %s free\n' \
        "$(du -sh target 2>/dev/null | cut -f1)" "$(df -h . | awk 'NR == 2 { print $4 }')"
    printf '\n==> test.sh summary (%s s in all)\n' "$(($(now) - started))"
    printf '    %s\n' "${results[@]}"
    if [ $failed -eq 0 ]; then
        echo "ALL TESTS PASSED"
    else
        echo "TESTS FAILED"
    fi
    echo "steps: $passed passed, $failed failed"
}

if ! step setup bash scripts/setup.sh </dev/null; then
    summary
    exit 1
fi

# Native steps: rustup's toolchain, no wasm variables.
step fmt cargo fmt --all --check
step clippy cargo clippy --workspace --all-targets -- -D warnings
step build-web bash scripts/build-web.sh
E2E_REQUIRED=1 step native-tests cargo test --workspace
# The wasm-bindgen tests of the web app, in headless Chromium (runner and
# browser settings: .cargo/config.toml, webdriver.json).
step wasm-tests wasm_env cargo test --target wasm32-unknown-unknown -p aspect-playground --test web
# The profile-guided CLI (scripts/pgo.sh): it builds, and prints what the
# instrumented build printed on every training file. Skipped, loudly, only
# when no llvm-profdata can be had (exit 3).
pgo_cli() {
    bash scripts/pgo.sh cli
    local rc=$?
    if [ $rc -eq 3 ]; then
        warn "pgo-cli skipped: no llvm-profdata for rustc's LLVM"
        return 0
    fi
    return $rc
}
step pgo-cli pgo_cli

summary
[ $failed -eq 0 ]
