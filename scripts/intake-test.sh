#!/usr/bin/env bash
# Intake measured from outside the server: starts `frontdoor serve` on 127.0.0.1 and posts contacts
# with wrk (scripts/intake.lua) from CONNECTIONS connections at once (default 16) for DURATION
# (default 20s), each naming one or two new children, to an authority of their own (999, added if
# missing) with a token that may only send contacts. Prints contacts per second, latency
# percentiles and any response other than 201 (there must be none).
#
#   BIN=.build/release/frontdoor FRONTDOOR_DATA_DIR=/path/to/data scripts/intake-test.sh
#   BIN=.build/release/frontdoor DATABASE_URL=postgres://… CONNECTIONS=32 scripts/intake-test.sh
#
# `frontdoor bench` measures intake too, but its client runs in the server's own process and
# takes a share of the same two cores; wrk takes much less. Not part of CI. Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$(swift build --show-bin-path)/frontdoor}
PORT=${FRONTDOOR_INTAKE_PORT:-18283}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
URL="http://127.0.0.1:$PORT"
if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export FRONTDOOR_DATA_DIR=${FRONTDOOR_DATA_DIR:-$WORK/data}

"$BIN" la list 2>/dev/null | grep -q '^999[[:space:]]' || "$BIN" la create --code 999 --name "Bench intake" --child-population 283000 >/dev/null
EMAIL="intake-$(date +%s)@bench.frontdoor.example"
"$BIN" users create --la 999 --role team-manager --email "$EMAIL" --name "Intake Test" >/dev/null
TOKEN=$("$BIN" tokens create --email "$EMAIL" --scope contacts:create --days 1 | grep -o 'fd_[A-Za-z0-9_-]*' | tail -1)
[ -n "$TOKEN" ] || { echo "no token"; exit 1; }

"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -fsS -m 2 "$URL/health" >/dev/null 2>&1 && break; sleep 0.25; done
curl -fsS -m 5 "$URL/health" >/dev/null || { echo "the server did not start:"; tail -5 "$WORK/serve.log"; exit 1; }

echo "== intake: $CONNECTIONS connections for $DURATION, $(nproc) cores, binary $BIN, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%dT%H:%MZ)"
result=$(TOKEN=$TOKEN wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s scripts/intake.lua "$URL" | grep '^RESULT')
echo "${result#RESULT }"
case "$result" in *"non-201 0") echo "intake test: ok" ;; *) echo "intake test: responses other than 201"; exit 1 ;; esac
