#!/usr/bin/env bash
# The test command: sets up a fresh machine (see setup.sh), runs every vitest project, and ends with
# one line "N passed, N failed". Extra arguments go to vitest (e.g. --project spec).
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

if ! bash scripts/setup.sh --with-chromium; then
  echo "setup failed"
  echo "0 passed, 1 failed"
  exit 1
fi

mkdir -p test/.artifacts
rm -f test/.artifacts/vitest.json
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=test/.artifacts/vitest.json "$@"
status=$?
node scripts/summary.mjs test/.artifacts/vitest.json "$status"
