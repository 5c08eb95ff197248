#!/usr/bin/env bash
# Profile-guided native builds (optional: the two README commands do not
# use them). The program is built once instrumented, run on the training
# files (the conformance corpus, the typing cases and the gallery: never
# the generated flakes the engine benchmark times), and built again with
# the profile that run recorded.
#
#   bash scripts/pgo.sh cli              the `aspects` command, into target/pgo/
#   bash scripts/pgo.sh bench [ARGS...]  the engine benchmark (ARGS go to criterion)
#
# Needs `llvm-profdata` of rustc's LLVM major version: rustup's llvm-tools
# component, or Debian's llvm-<major> (installed with apt-get when run as
# root and neither is there); exits with 3 when none can be had.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

what="${1:-}"
[ $# -gt 0 ] && shift
case "$what" in
cli | bench) ;;
*) die "usage: bash scripts/pgo.sh cli | bench [criterion args...]" ;;
esac

HOST="$(rustc -vV | sed -n 's/^host: //p')"
LLVM_MAJOR="$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
# Instrumented and final builds keep their own target folders, so neither
# rebuilds the other's (or the usual target/'s) crates. Building for
# `--target $HOST` keeps RUSTFLAGS off build scripts and proc macros.
GENERATE_DIR="$ROOT/target/pgo-generate"
USE_DIR="$ROOT/target/pgo"
RAW="$ROOT/target/pgo-profiles/$what"
PROFILE="$ROOT/target/pgo-profiles/$what.profdata"
TRAINING=(crates/cli/tests/conformance/cases crates/cli/tests/typing crates/gallery/examples)

# Prints the path of an llvm-profdata that reads what rustc's LLVM writes.
profdata_of_rustc() {
    local p
    for p in "$(rustc --print sysroot)/lib/rustlib/$HOST/bin/llvm-profdata" \
        "/usr/lib/llvm-$LLVM_MAJOR/bin/llvm-profdata" "llvm-profdata-$LLVM_MAJOR" llvm-profdata; do
        if command -v "$p" >/dev/null 2>&1 &&
            "$p" --version 2>/dev/null | grep -q "LLVM version $LLVM_MAJOR\."; then
            command -v "$p"
            return 0
        fi
    done
    return 1
}

find_profdata() {
    profdata_of_rustc && return 0
    say "llvm-profdata for LLVM $LLVM_MAJOR: trying rustup's llvm-tools" >&2
    timeout 300 rustup component add llvm-tools >&2 || true
    profdata_of_rustc && return 0
    if [ "${ASPECT_SKIP_APT:-}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "trying Debian's llvm-$LLVM_MAJOR" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "llvm-$LLVM_MAJOR" >/dev/null 2>&1 || true
        profdata_of_rustc && return 0
    fi
    return 1
}

if ! PROFDATA="$(find_profdata)"; then
    printf 'ERROR: no llvm-profdata for LLVM %s (rustup component add llvm-tools, or apt-get install llvm-%s)\n' \
        "$LLVM_MAJOR" "$LLVM_MAJOR" >&2
    exit 3
fi
started=$(now)

# The training files, sorted.
training_files() {
    find "${TRAINING[@]}" -maxdepth 1 -name '*.nix' | LC_ALL=C sort
}

# Runs the CLI `$1` on every training file in every format, each output
# (errors included: they are part of the training) into folder `$2`,
# named after the file's path.
eval_training_files() {
    local cli="$1" into="$2" f format
    rm -rf "$into" && mkdir -p "$into"
    while read -r f; do
        for format in conformance json nix; do
            "$cli" eval --format "$format" "$f" >"$into/${f//\//_}.$format" 2>&1 || true
        done
    done < <(training_files)
}

rm -rf "$RAW" "$PROFILE"
mkdir -p "$RAW"
instrumented() { CARGO_TARGET_DIR="$GENERATE_DIR" RUSTFLAGS="-Cprofile-generate=$RAW" "$@"; }
guided() { CARGO_TARGET_DIR="$USE_DIR" RUSTFLAGS="-Cprofile-use=$PROFILE" "$@"; }

case "$what" in
cli)
    say "building the instrumented CLI"
    instrumented cargo build --release --target "$HOST" -p aspects-cli
    instrumented="$GENERATE_DIR/$HOST/release/aspects"
    outputs="$ROOT/target/pgo-profiles/cli-outputs"
    say "training on $(training_files | wc -l) files"
    eval_training_files "$instrumented" "$outputs/instrumented"
    "$PROFDATA" merge -o "$PROFILE" "$RAW"
    say "building the CLI with the profile"
    guided cargo build --release --target "$HOST" -p aspects-cli
    final="$USE_DIR/$HOST/release/aspects"
    # The profile only moves code around: the output must not change.
    eval_training_files "$final" "$outputs/final"
    diff -r "$outputs/instrumented" "$outputs/final" >&2 ||
        die "the profile-guided CLI prints otherwise than the instrumented one (above)"
    say "done in $(($(now) - started)) s: $final (output checked on $(training_files | wc -l) files x 3 formats)"
    ;;
bench)
    say "building the instrumented benchmark"
    bench_exe="$(instrumented cargo bench --no-run --target "$HOST" -p aspects-engine --bench engine \
        --message-format=json | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)"
    [ -x "$bench_exe" ] || die "the instrumented benchmark was not built"
    say "training"
    # The benchmark evaluates the files of these folders (`:`-separated).
    ASPECTS_PGO_TRAIN="$(IFS=: && printf '%s' "${TRAINING[*]/#/$ROOT/}")" "$bench_exe"
    "$PROFDATA" merge -o "$PROFILE" "$RAW"
    say "benchmarking with the profile (built in $(($(now) - started)) s)"
    guided cargo bench --target "$HOST" -p aspects-engine --bench engine -- "$@"
    ;;
esac
