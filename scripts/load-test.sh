#!/usr/bin/env bash
# Load test: starts `frontdoor serve --demo` on 127.0.0.1 (or on a database you loaded with
# `frontdoor generate` + `frontdoor import`: set FRONTDOOR_LOAD_NO_DEMO=1 and the usual
# FRONTDOOR_DATA_DIR / DATABASE_URL), then drives a realistic mix at the same time with wrk:
#   staff      reads: the contacts queue, a contact record, a person search, the home page
#              (signed in, when the web sign-in works without a password change)
#   police     a police feed posting contacts
#   analyst    the monthly report as CSV
# and reports, for each, throughput, latency percentiles and non-2xx responses (there must be none).
#
#   BIN=.build/release/frontdoor DURATION=30s scripts/load-test.sh
#
# Not part of CI. Needs wrk (Debian's package: installed if missing) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$(swift build --show-bin-path)/frontdoor}
PORT=${FRONTDOOR_LOAD_PORT:-18282}
DURATION=${DURATION:-20s}
STAFF_CONNECTIONS=${STAFF_CONNECTIONS:-8}
URL="http://127.0.0.1:$PORT"
if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export FRONTDOOR_DATA_DIR=${FRONTDOOR_DATA_DIR:-$WORK/data}

# Tokens for one member of staff of each kind come from `frontdoor demo` (which loads the demo hub
# if it is not there yet and issues fresh tokens).
"$BIN" demo >"$WORK/demo.txt"
token() { awk -v role="$1" '$1 == role && NF == 3 { print $3; exit }' "$WORK/demo.txt"; }
STAFF=$(token triage-worker)
POLICE=$(token partner-agency-officer)
ANALYST=$(token analyst)
[ -n "$STAFF" ] && [ -n "$POLICE" ] && [ -n "$ANALYST" ] || { cat "$WORK/demo.txt"; echo "no tokens"; exit 1; }

"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -fsS "$URL/health" >/dev/null 2>&1 && break; sleep 0.25; done

# Some real contact ids and names to read and search for.
curl -fsS -H "Authorization: Bearer $STAFF" "$URL/api/v1/contacts?la=850&limit=200" >"$WORK/contacts.json"
python3 - "$WORK/contacts.json" >"$WORK/ids.lua" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
items = data["contacts"]
ids = [c["id"] for c in items][:200]
# Children are listed by name ("Ava Smith"): search for their family names.
names = sorted({name.split()[-1] for c in items for name in c.get("children", []) if name.split()})[:50] or ["Smith"]
print("ids = {" + ",".join('"%s"' % i for i in ids) + "}")
print("names = {" + ",".join('"%s"' % n.replace('"', '') for n in names) + "}")
PY
grep -q '"' "$WORK/ids.lua" || { echo "no contacts to read"; cat "$WORK/contacts.json" | head -c 500; exit 1; }

# The web: sign in as a triage worker with the demo password, keep the session cookie if the home
# page then answers 200 (an account that must change its password first is left out).
COOKIE=""
# The second triage worker signs in on the web: changing a password revokes that user's API tokens,
# so the first keeps hers for the API.
EMAIL=$(awk '$1 == "triage-worker" && ++n == 2 { print $2; exit }' "$WORK/demo.txt")
PASSWORD=$(awk -v who="$EMAIL" '$1 == who && NF == 2 { print $2; exit }' "$WORK/demo.txt")
if [ -n "$PASSWORD" ]; then
  JAR="$WORK/jar"
  CSRF=$(curl -fsS -c "$JAR" -b "$JAR" "$URL/sign-in" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$CSRF" "$URL/sign-in"
  # A demo account must choose its own password first.
  if [ "$(curl -s -o /dev/null -w '%{redirect_url}' -b "$JAR" "$URL/")" = "$URL/change-password" ]; then
    CSRF=$(curl -fsS -c "$JAR" -b "$JAR" "$URL/change-password" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "currentPassword=$PASSWORD" \
      --data-urlencode "newPassword=load-test-$(date +%s)-passphrase" --data-urlencode "csrf=$CSRF" "$URL/change-password"
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" "$URL/")" = 200 ]; then
    COOKIE=$(awk '!/^# / && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$JAR")
  fi
fi
if [ -n "$COOKIE" ]; then echo "web pages: signed in as $EMAIL"; else echo "web pages: left out (no usable session: the home page gave $(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$WORK/jar" "$URL/"))"; fi

common_lua() { # status counting shared by every script
  cat <<'LUA'
local counts = {}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) unexpected = 0; responses = 0 end
function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("unexpected") end
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
}

{ cat "$WORK/ids.lua"; common_lua; cat <<LUA
local n = 0
local cookie = "$COOKIE"
request = function()
  n = n + 1
  local kind = n % 10
  local headers = { ["Authorization"] = "Bearer $STAFF" }
  if kind < 4 then
    return wrk.format("GET", "/api/v1/contacts?la=850&limit=50", headers)
  elseif kind < 7 then
    return wrk.format("GET", "/api/v1/contacts/" .. ids[(n % #ids) + 1], headers)
  elseif kind < 9 or cookie == "" then
    return wrk.format("GET", "/api/v1/people/search?la=850&familyName=" .. names[(n % #names) + 1], headers)
  else
    return wrk.format("GET", "/", { ["Cookie"] = cookie })
  end
end
LUA
} >"$WORK/staff.lua"

{ common_lua; cat <<LUA
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"la":"850","receivedAt":"2026-10-01T10:00:00+01:00","source":"6","channel":"police-notification","type":"domestic-abuse-notification","children":[{"givenName":"Loadtest","familyName":"Feed%d","dateOfBirth":"2017-05-04"}],"summary":"Synthetic load test notification"}', n)
  return wrk.format("POST", "/api/v1/contacts", { ["Authorization"] = "Bearer $POLICE", ["Content-Type"] = "application/json" }, body)
end
LUA
} >"$WORK/police.lua"

{ common_lua; cat <<LUA
request = function()
  return wrk.format("GET", "/api/v1/reports/monthly.csv?la=850&from=2026-01&to=2026-10", { ["Authorization"] = "Bearer $ANALYST" })
end
LUA
} >"$WORK/analyst.lua"

# Check each request once before the run, so that a wrong request is reported plainly.
for check in "$STAFF|/api/v1/contacts?la=850&limit=50" "$STAFF|/api/v1/people/search?la=850&familyName=Smith" "$ANALYST|/api/v1/reports/monthly.csv?la=850&from=2026-01&to=2026-10"; do
  status=$(curl -s -o "$WORK/check.out" -w '%{http_code}' -H "Authorization: Bearer ${check%%|*}" "$URL${check#*|}")
  [ "$status" = 200 ] || { echo "GET ${check#*|} gave $status: $(head -c 300 "$WORK/check.out")"; exit 1; }
done

echo "== load test: $DURATION, $(nproc) cores, binary $BIN, commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ)"
wrk -t2 -c"$STAFF_CONNECTIONS" -d"$DURATION" --timeout 30s --latency -s "$WORK/staff.lua" "$URL" >"$WORK/staff.out" 2>&1 &
W1=$!
wrk -t1 -c2 -d"$DURATION" --timeout 30s --latency -s "$WORK/police.lua" "$URL" >"$WORK/police.out" 2>&1 &
W2=$!
wrk -t1 -c1 -d"$DURATION" --timeout 30s --latency -s "$WORK/analyst.lua" "$URL" >"$WORK/analyst.out" 2>&1 &
W3=$!
wait $W1 $W2 $W3
failed=0
printf '%-8s %s\n' "client" "result"
for who in staff police analyst; do
  line=$(grep '^RESULT' "$WORK/$who.out" || true)
  [ -n "$line" ] || { cat "$WORK/$who.out"; failed=1; continue; }
  printf '%-8s %s\n' "$who" "${line#RESULT }"
  case "$line" in *"non2xx=0 socket_errors=0"*) ;; *) failed=1 ;; esac
done
[ "$failed" = 0 ] || { echo "load test: unexpected responses or errors"; tail -20 "$WORK/serve.log"; exit 1; }
echo "load test: ok"
