#!/usr/bin/env bash
# Builds the SPA into frontend/dist (npm ci + vite build). The Go binary embeds it when built
# with -tags embedspa.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx vite build --logLevel warn
echo "frontend: built $(find dist -type f | wc -l) files into frontend/dist"
