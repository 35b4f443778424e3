#!/usr/bin/env bash
# Load test: starts `frontdoor serve` on 127.0.0.1 and drives a realistic mix at once with wrk:
#   staff      50 people (STAFF) using the service, each waiting 1-3 s between requests (THINK_MS):
#              the work queue page, a contact's page, the research view, the dashboard, the
#              referral queue (signed in on the web as a team manager), and through the API the
#              queue, a contact record and a person search;
#   police     a police feed posting notifications (POLICE_CONNECTIONS, default 2, each posting
#              every POLICE_MS, default 100 ms);
#   analysts   2 analysts fetching the monthly report for 24 months (ANALYST_MS apart, default 2 s);
# and reports, for each kind of request, throughput, latency percentiles and responses outside 2xx
# and socket errors (there must be none), then the server's peak memory.
#
#   BIN=.build/release/frontdoor DURATION=60s scripts/load-test.sh
#
# Data: the demo hub in a fresh folder by default. To use generated history instead, load it with
# `frontdoor generate` + `frontdoor import` and set FRONTDOOR_DATA_DIR (or DATABASE_URL): when local
# authority 850 exists without the demo's staff, the script adds load-test staff to it.
#
# Not part of CI. Needs wrk (Debian's package: installed if missing) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$(swift build --show-bin-path)/frontdoor}
PORT=${FRONTDOOR_LOAD_PORT:-18282}
DURATION=${DURATION:-30s}
STAFF=${STAFF:-50}
THINK_MS=${THINK_MS:-1000-3000}
POLICE_CONNECTIONS=${POLICE_CONNECTIONS:-2}
POLICE_MS=${POLICE_MS:-100}
ANALYST_MS=${ANALYST_MS:-2000}
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

# Tokens (and one-time passwords) for staff of each kind: `frontdoor demo` loads the demo hub if
# authority 850 is not there yet and issues fresh tokens to its staff. On generated history it
# finds no demo staff, so load-test staff are added (their one-time passwords are printed once).
"$BIN" demo >"$WORK/demo.txt"
token() { awk -v role="$1" '$1 == role && NF == 3 { print $3; exit }' "$WORK/demo.txt"; }
if [ -z "$(token triage-worker)" ]; then
  stamp=$(date +%s)
  for role in triage-worker partner-agency-officer analyst team-manager; do
    email="load-$role-$stamp@load.frontdoor.example"
    agency=()
    [ "$role" = partner-agency-officer ] && agency=(--agency police)
    out=$("$BIN" users create --la 850 --role "$role" --email "$email" --name "Load Test $role" "${agency[@]}")
    echo "$email ${out##*one-time password: }" >>"$WORK/demo.txt"
    echo "$role $email $("$BIN" tokens create --email "$email" | tail -1)" >>"$WORK/demo.txt"
  done
fi
API=$(token triage-worker)
POLICE=$(token partner-agency-officer)
ANALYST=$(token analyst)
[ -n "$API" ] && [ -n "$POLICE" ] && [ -n "$ANALYST" ] || { cat "$WORK/demo.txt"; echo "no tokens"; exit 1; }

"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -fsS "$URL/health" >/dev/null 2>&1 && break; sleep 0.25; done

# Some real contact ids, the children named in them, and family names to search for.
curl -fsS -H "Authorization: Bearer $API" "$URL/api/v1/contacts?la=850&limit=200" >"$WORK/contacts.json"
python3 - "$WORK/contacts.json" "$URL" "$API" >"$WORK/ids.lua" <<'PY'
import json, sys, urllib.request
data = json.load(open(sys.argv[1]))
items = data["contacts"]
ids = [c["id"] for c in items][:200]
# Children are listed by name ("Ava Smith"): search for their family names.
names = sorted({name.split()[-1] for c in items for name in c.get("children", []) if name.split()})[:50] or ["Smith"]
people = []
for contact_id in ids[:40]:
    request = urllib.request.Request(sys.argv[2] + "/api/v1/contacts/" + contact_id, headers={"Authorization": "Bearer " + sys.argv[3]})
    record = json.load(urllib.request.urlopen(request))
    people += [child["id"] for child in record.get("children", [])]
print("ids = {" + ",".join('"%s"' % i for i in ids) + "}")
print("people = {" + ",".join('"%s"' % i for i in people[:100]) + "}")
print("names = {" + ",".join('"%s"' % n.replace('"', '') for n in names) + "}")
PY
grep -q 'ids = {"' "$WORK/ids.lua" && grep -q 'people = {"' "$WORK/ids.lua" || { echo "no contacts or children to read"; head -c 500 "$WORK/contacts.json"; exit 1; }

# The web: a team manager signs in with the one-time password, chooses a new one, and keeps the
# session cookie (changing a password revokes that user's API tokens; the API uses other staff).
EMAIL=$(awk '$1 == "team-manager" && NF == 3 { print $2; exit }' "$WORK/demo.txt")
PASSWORD=$(awk -v who="$EMAIL" '$1 == who && NF == 2 { print $2; exit }' "$WORK/demo.txt")
[ -n "$PASSWORD" ] || { echo "no one-time password for $EMAIL: use a fresh data folder for the demo"; exit 1; }
JAR="$WORK/jar"
CSRF=$(curl -fsS -c "$JAR" -b "$JAR" "$URL/sign-in" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$CSRF" "$URL/sign-in"
if [ "$(curl -s -o /dev/null -w '%{redirect_url}' -b "$JAR" "$URL/")" = "$URL/change-password" ]; then
  CSRF=$(curl -fsS -c "$JAR" -b "$JAR" "$URL/change-password" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "currentPassword=$PASSWORD" \
    --data-urlencode "newPassword=load-test-$(date +%s)-passphrase" --data-urlencode "csrf=$CSRF" "$URL/change-password"
fi
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" "$URL/dashboard")" = 200 ] || { echo "the team manager could not sign in on the web"; exit 1; }
COOKIE=$(awk '!/^# / && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$JAR")

# One wrk script per kind of request, so that each gets its own percentiles.
THINK_LO=${THINK_MS%-*}; THINK_HI=${THINK_MS#*-}
script() { # name, delay lua expression, request lua body
  { cat "$WORK/ids.lua"; cat <<LUA
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) unexpected = 0; math.randomseed(os.time() + math.floor(os.clock() * 1e6)) end
function delay() return $2 end
function response(status, headers, body)
  if status < 200 or status > 299 then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("unexpected") end
  io.write(string.format("RESULT %d %.1f %.1f %.1f %.1f %.1f %d %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
local n = 0
request = function()
  n = n + 1
  $3
end
LUA
  } >"$WORK/$1.lua"
}
staff_delay="math.random($THINK_LO, $THINK_HI)"
web="{ [\"Cookie\"] = \"$COOKIE\" }"
api="{ [\"Authorization\"] = \"Bearer $API\" }"
script web-queue "$staff_delay" "return wrk.format(\"GET\", \"/work\", $web)"
script web-contact "$staff_delay" "return wrk.format(\"GET\", \"/contacts/\" .. ids[math.random(#ids)], $web)"
script web-research "$staff_delay" "return wrk.format(\"GET\", \"/people/\" .. people[math.random(#people)], $web)"
script web-dashboard "$staff_delay" "return wrk.format(\"GET\", \"/dashboard\", $web)"
script web-referrals "$staff_delay" "return wrk.format(\"GET\", \"/referrals\", $web)"
script api-queue "$staff_delay" "return wrk.format(\"GET\", \"/api/v1/contacts?la=850&limit=50\", $api)"
script api-contact "$staff_delay" "return wrk.format(\"GET\", \"/api/v1/contacts/\" .. ids[math.random(#ids)], $api)"
script api-search "$staff_delay" "return wrk.format(\"GET\", \"/api/v1/people/search?la=850&familyName=\" .. names[math.random(#names)], $api)"
script police "$POLICE_MS" "local body = string.format('{\"la\":\"850\",\"receivedAt\":\"2026-10-01T10:00:00+01:00\",\"source\":\"6\",\"channel\":\"police-notification\",\"type\":\"domestic-abuse-notification\",\"children\":[{\"givenName\":\"Loadtest\",\"familyName\":\"Feed%d%d\",\"dateOfBirth\":\"2017-05-04\"}],\"summary\":\"Synthetic load test notification\"}', math.random(1000000), n)
  return wrk.format(\"POST\", \"/api/v1/contacts\", { [\"Authorization\"] = \"Bearer $POLICE\", [\"Content-Type\"] = \"application/json\" }, body)"
REPORT_FROM=$(python3 -c "import datetime; d = datetime.date.today().replace(day=1); m = d.year * 12 + d.month - 1 - 24; print('%04d-%02d' % (m // 12, m % 12 + 1))")
REPORT_TO=$(python3 -c "import datetime; d = datetime.date.today().replace(day=1); m = d.year * 12 + d.month - 1 - 1; print('%04d-%02d' % (m // 12, m % 12 + 1))")
script analyst "$ANALYST_MS" "return wrk.format(\"GET\", \"/api/v1/reports/monthly.csv?la=850&from=$REPORT_FROM&to=$REPORT_TO\", { [\"Authorization\"] = \"Bearer $ANALYST\" })"

# Each request once before the run, so that a wrong request is reported plainly.
for check in "$API|/api/v1/contacts?la=850&limit=50" "$API|/api/v1/people/search?la=850&familyName=Smith" "$ANALYST|/api/v1/reports/monthly.csv?la=850&from=$REPORT_FROM&to=$REPORT_TO"; do
  status=$(curl -s -o "$WORK/check.out" -w '%{http_code}' -H "Authorization: Bearer ${check%%|*}" "$URL${check#*|}")
  [ "$status" = 200 ] || { echo "GET ${check#*|} gave $status: $(head -c 300 "$WORK/check.out")"; exit 1; }
done

# 50 staff by default, shared out over the kinds of request (the web pages get most).
share() { echo $(( (STAFF * $1 + 99) / 100 )); }
RUNS="web-queue:$(share 16) web-contact:$(share 16) web-research:$(share 14) web-dashboard:$(share 8) web-referrals:$(share 8) api-queue:$(share 12) api-contact:$(share 14) api-search:$(share 12) police:$POLICE_CONNECTIONS analyst:2"
echo "== load test: $DURATION, $(nproc) cores, binary $BIN, commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "   $STAFF staff thinking $THINK_MS ms, police $POLICE_CONNECTIONS x every $POLICE_MS ms, 2 analysts every $ANALYST_MS ms (report $REPORT_FROM to $REPORT_TO)"
pids=()
for run in $RUNS; do
  name=${run%%:*}; connections=${run#*:}
  wrk -t1 -c"$connections" -d"$DURATION" --timeout 30s -s "$WORK/$name.lua" "$URL" >"$WORK/$name.out" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
failed=0
printf '| %-13s | %11s | %8s | %7s | %7s | %7s | %8s | %7s | %6s |\n' "requests of" "connections" "requests" "req/s" "p50 ms" "p95 ms" "p99 ms" "max ms" "errors"
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for run in $RUNS; do
  name=${run%%:*}; connections=${run#*:}
  line=$(grep '^RESULT' "$WORK/$name.out" || true)
  [ -n "$line" ] || { cat "$WORK/$name.out"; failed=1; continue; }
  read -r _ requests rps p50 p95 p99 max bad errors <<<"$line"
  printf '| %-13s | %11s | %8s | %7s | %7s | %7s | %8s | %7s | %6s |\n' "$name" "$connections" "$requests" "$rps" "$p50" "$p95" "$p99" "$max" "$((bad + errors))"
  [ "$bad" = 0 ] && [ "$errors" = 0 ] || failed=1
done
echo "server peak memory: $(awk '/^VmHWM/ { printf "%d MiB", $2 / 1024 }' /proc/$SERVER_PID/status)"
[ "$failed" = 0 ] || { echo "load test: unexpected responses or errors"; tail -20 "$WORK/serve.log"; exit 1; }
echo "load test: ok"
