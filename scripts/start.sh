#!/usr/bin/env bash
# The main job: sets up a fresh machine (see setup.sh) and starts the validator service with its
# web page on http://127.0.0.1:8787 (local validation, no HMRC credentials needed).
# Arguments go to `fph serve`, e.g. `npm start -- --port 9000`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node apps/cli/dist/main.js serve "$@"
