#!/usr/bin/env bash
# Sets up, builds the release web app and serves dist/ on 127.0.0.1.
#   PORT=9000 bash scripts/serve.sh     (default port 8080)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORT="${PORT:-8080}"
bash scripts/setup.sh
bash scripts/build-web.sh

command -v python3 >/dev/null 2>&1 || die "python3 is needed to serve dist/ (or run: bash scripts/trunk.sh serve --release)"
say "Aspect Playground: http://127.0.0.1:$PORT/  (Ctrl-C stops the server)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$ROOT/dist"
