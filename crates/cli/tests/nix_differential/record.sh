#!/usr/bin/env bash
# Record the golden outputs of the Nix differential corpus from real Nix.
#
#   record.sh [--check] [NAME...]
#
# For every cases/NAME.nix (or only the NAMEs given) this runs
#   nix-instantiate --eval --strict        cases/NAME.nix
#   nix-instantiate --eval --strict --json cases/NAME.nix
# and stores, next to the case:
#   NAME.out       exact stdout of the plain run, when it succeeds
#   NAME.json      exact stdout of the --json run, when it succeeds (Nix prints no
#                  trailing newline there)
#   NAME.json.err  when the plain run succeeds but the --json run fails (a value that
#                  JSON cannot represent, e.g. a function)
#   NAME.err       when the plain run fails
# An .err file has two lines: the first line of Nix's error message without its
# `error: ` prefix (the cases directory replaced by `<case-dir>`), then a coarse kind:
# infinite-recursion missing-attribute unexpected-argument missing-argument
# not-a-function wrong-value-type assertion throw abort division-by-zero syntax
# undefined-variable other. The kind comes from the message (see classify below); a
# case may force it with a line `# kind: KIND` in its source.
#
# --check records into a temporary directory and compares with the stored goldens
# (exit 1 on any difference) without changing them.
#
# Nix runs with a throw-away state directory, no daemon (NIX_REMOTE=), no substituters,
# --readonly-mode (nothing is written to the store), an empty NIX_PATH and a clean
# environment, so it works as root or not, offline. The goldens were recorded with
# Debian's nix-bin 2.8.0.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cases="$here/cases"

check=0
if [ "${1:-}" = "--check" ]; then
    check=1
    shift
fi

command -v nix-instantiate >/dev/null || {
    echo "record.sh: nix-instantiate not found (apt-get install nix-bin)" >&2
    exit 2
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/state" "$tmp/log" "$tmp/conf" "$tmp/out"

nix_eval() {
    env -i PATH=/usr/bin:/bin HOME="$tmp/home" LC_ALL=C.UTF-8 TZ=UTC \
        NIX_REMOTE= NIX_PATH= NIX_STATE_DIR="$tmp/state" NIX_LOG_DIR="$tmp/log" \
        NIX_CONF_DIR="$tmp/conf" \
        timeout 120 nix-instantiate --readonly-mode --option substituters '' \
        --eval --strict "$@"
}

classify() { # $1 = message (first line), $2 = case file
    local msg=$1 forced
    forced=$(sed -n 's/^#[[:space:]]*kind:[[:space:]]*\([a-z-]*\).*/\1/p' "$2" | head -n1)
    if [ -n "$forced" ]; then
        echo "$forced"
        return
    fi
    case $msg in
    *"infinite recursion encountered"*) echo infinite-recursion ;;
    "attribute '"*"' missing"* | "attribute '"*"' required"*) echo missing-attribute ;;
    *"called with unexpected argument"*) echo unexpected-argument ;;
    *"called without required argument"*) echo missing-argument ;;
    "attempt to call something which is not a function"*) echo not-a-function ;;
    "value is "*" while "*" was expected"* | "cannot coerce "* | "cannot add "* | \
        "cannot compare "* | "cannot convert "* | *"requires a function"*) echo wrong-value-type ;;
    "assertion "*" failed"*) echo assertion ;;
    "evaluation aborted with the following error message"*) echo abort ;;
    "division by zero"*) echo division-by-zero ;;
    "syntax error"* | *"already defined at"* | "invalid integer"* | \
        "duplicate formal function argument"*) echo syntax ;;
    "undefined variable"*) echo undefined-variable ;;
    *)
        # A `throw` shows its own text (the case must contain `throw` and the
        # start of that text); anything else is `other`.
        if grep -q 'throw' "$2" && grep -qF -- "${msg:0:8}" "$2"; then
            echo throw
        else
            echo other
        fi
        ;;
    esac
}

first_error_line() { # stderr file -> first line of the error message
    local line
    line=$(grep -m1 '^error: ' "$1" || true)
    if [ -z "$line" ]; then
        line=$(grep -m1 -v '^[[:space:]]*$' "$1" || true)
    fi
    line=${line#error: }
    printf '%s\n' "${line//"$cases"/<case-dir>}"
}

record_one() { # $1 = case file, $2 = output dir
    local f=$1 dir=$2 name rc rcj
    name=$(basename "$f" .nix)
    rm -f "$dir/$name.out" "$dir/$name.json" "$dir/$name.err" "$dir/$name.json.err"
    rc=0
    nix_eval "$f" >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
    rcj=0
    nix_eval --json "$f" >"$tmp/jstdout" 2>"$tmp/jstderr" || rcj=$?
    if [ "$rc" = 0 ]; then
        cp "$tmp/stdout" "$dir/$name.out"
        if [ "$rcj" = 0 ]; then
            cp "$tmp/jstdout" "$dir/$name.json"
        else
            msg=$(first_error_line "$tmp/jstderr")
            printf '%s\n%s\n' "$msg" "$(classify "$msg" "$f")" >"$dir/$name.json.err"
        fi
    else
        msg=$(first_error_line "$tmp/stderr")
        printf '%s\n%s\n' "$msg" "$(classify "$msg" "$f")" >"$dir/$name.err"
    fi
}

if [ $# -gt 0 ]; then
    files=()
    for n in "$@"; do files+=("$cases/${n%.nix}.nix"); done
else
    files=("$cases"/*.nix)
fi

dest=$cases
[ "$check" = 1 ] && dest="$tmp/out"
count=0
for f in "${files[@]}"; do
    record_one "$f" "$dest"
    count=$((count + 1))
done

if [ "$check" = 1 ]; then
    status=0
    for f in "${files[@]}"; do
        name=$(basename "$f" .nix)
        for ext in out json err json.err; do
            if [ -e "$dest/$name.$ext" ] || [ -e "$cases/$name.$ext" ]; then
                if ! cmp -s "$dest/$name.$ext" "$cases/$name.$ext" 2>/dev/null; then
                    echo "differs: $name.$ext"
                    status=1
                fi
            fi
        done
    done
    echo "checked $count cases"
    exit $status
fi
echo "recorded $count cases in $cases"
