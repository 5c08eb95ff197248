#!/usr/bin/env bash
# Runs the pinned Trunk with the pinned wasm-bindgen and wasm-opt on PATH
# (and the wasm32 variables of the Debian fallback, if setup wrote them):
#   bash scripts/trunk.sh serve --release --address 127.0.0.1 --no-autoreload
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
have_trunk || die "trunk $TRUNK_VERSION is not installed: run scripts/setup.sh"
wasm_env trunk "$@"
