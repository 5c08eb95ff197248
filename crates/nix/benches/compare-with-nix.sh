#!/usr/bin/env bash
# End to end, process against process: `aspects nix eval FILE` against
# `nix-instantiate --eval --strict FILE` on the inputs of benches/eval.rs
# (fib 25, fold 100k, the generated 5 000-line attrset file). Checks that both
# print the same value, then prints the median wall time of RUNS runs each
# (hyperfine is used when installed).
#
#   crates/nix/benches/compare-with-nix.sh            # RUNS=15
#
# The in-process comparison (criterion + Nix) is `cargo bench -p aspects-nix`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
RUNS=${RUNS:-15}
command -v nix-instantiate >/dev/null || { echo "nix-instantiate is not on PATH" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cargo build --release -q -p aspects-cli
aspects=target/release/aspects
# The benchmark binary writes its inputs (and runs nothing with --list).
BENCH_FILES="$dir" NO_NIX=1 cargo bench -q -p aspects-nix --bench eval -- --list >/dev/null

median_ms() { # command... -> median wall time in ms over RUNS runs
  local t=() s e
  "$@" >/dev/null 2>&1
  for _ in $(seq "$RUNS"); do
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    t+=($(((e - s) / 1000)))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk -v n="$RUNS" 'NR == int(n / 2) + 1 { printf "%.2f", $1 / 1000 }'
}

echo "nix: $(nix-instantiate --version)"
printf '| input | aspects nix eval | nix-instantiate | Nix / ours |\n|---|---:|---:|---:|\n'
for f in fib fold attrs; do
  file="$dir/$f.nix"
  if [ "$("$aspects" nix eval "$file")" != "$(nix-instantiate --eval --strict "$file")" ]; then
    echo "warning: $f: the outputs differ" >&2
  fi
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 1 -r "$RUNS" --export-json "$dir/$f.json" \
      "$aspects nix eval $file" "nix-instantiate --eval --strict $file" >/dev/null
    read -r ours nix < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(*(f"{x[\"median\"]*1e3:.2f}" for x in r))' "$dir/$f.json")
  else
    ours=$(median_ms "$aspects" nix eval "$file")
    nix=$(median_ms nix-instantiate --eval --strict "$file")
  fi
  printf '| %s | %s ms | %s ms | %s× |\n' "$f" "$ours" "$nix" "$(awk -v a="$nix" -v b="$ours" 'BEGIN { printf "%.2f", a / b }')"
done
