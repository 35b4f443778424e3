#!/usr/bin/env bash
# A real-browser check of the web application: starts `frontdoor serve --demo` on a fresh SQLite
# database, drives headless Chromium over the Chrome DevTools Protocol (sign in, record a contact,
# take it, screen it, decide it; the referrer portal; the public form) and saves screenshots of the
# main pages to .browser-check/screenshots. Needs a built `frontdoor` (swift build) and Chromium
# (installed with apt-get when missing and run as root). A few minutes once built, most of
# them loading the demo's month of contacts.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.browser-check
PORT=${FRONTDOOR_CHECK_PORT:-8093}
mkdir -p "$OUT/screenshots"
rm -rf "$OUT/data" "$OUT/screenshots"/*.png
mkdir -p "$OUT/data"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null; CHROMIUM=$(command -v chromium); else echo "install chromium (apt-get install chromium)"; exit 1; fi
fi
if [ ! -x "$OUT/venv/bin/python" ]; then
  python3 -m venv "$OUT/venv"
  "$OUT/venv/bin/pip" install --quiet websocket-client
fi
BIN=$(swift build --show-bin-path)/frontdoor
[ -x "$BIN" ] || swift build --product frontdoor

# `frontdoor demo` loads the demo hub and prints the one-time web passwords; then the server starts on it.
FRONTDOOR_DATA_DIR="$OUT/data" "$BIN" demo > "$OUT/demo.log" 2> "$OUT/demo.err"
FRONTDOOR_DATA_DIR="$OUT/data" "$BIN" serve --demo --hostname 127.0.0.1 --port "$PORT" > "$OUT/server.log" 2> "$OUT/server.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null

"$OUT/venv/bin/python" scripts/browser_check.py --base "http://127.0.0.1:$PORT" --chromium "$CHROMIUM" \
  --passwords "$OUT/demo.log" --out "$OUT/screenshots"
echo "Screenshots in $OUT/screenshots"
