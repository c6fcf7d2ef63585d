#!/usr/bin/env bash
# Builds the SPA into frontend/dist (npm ci + vite build, which also writes NAME.br and NAME.gz
# beside each asset, vite.config.ts). The Go binary embeds it all (//go:embed all:dist) when built
# with -tags embedspa.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx vite build --logLevel warn
echo "frontend: built $(find dist -type f | wc -l) files into frontend/dist (with .br and .gz beside the assets)"
# The clerk's first load on the wire (docs/performance.md); --check fails above the 150 KB budget.
node scripts/first-load.mjs dist --check | tail -1
