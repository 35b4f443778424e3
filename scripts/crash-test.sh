#!/usr/bin/env bash
# Crash safety: kill the server (SIGKILL) while contacts stream in, restart it, and check that every
# contact whose submission was acknowledged (201 with an id) is there; kill `frontdoor import` of a
# generated file part-way through and check that none of it was written (the import is one
# transaction), then import again and check that all of it is there.
#
#   scripts/crash-test.sh                      # SQLite (WAL), in a temporary folder
#   FRONTDOOR_CRASH_PG_URL=postgres://frontdoor@127.0.0.1:5432/crash scripts/crash-test.sh
#                                              # also PostgreSQL: an EMPTY database it may fill
#
# BIN defaults to the debug build (swift build --show-bin-path). Loopback only. About a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$(swift build --show-bin-path)/frontdoor}
# A free port unless one is given: a server left over from another run must never answer for ours.
PORT=${FRONTDOOR_CRASH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "crash test FAILED: $*" >&2; exit 1; }

start_server() {
  "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >>"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0; sleep 0.25; done
  cat "$WORK/serve.log"; fail "the server did not start"
}

# Streams contacts from several threads until the deadline; every acknowledged id goes to a file,
# flushed at once, so that what the client was told survives whatever happens to the server.
cat >"$WORK/stream.py" <<'PY'
import json, sys, threading, time, urllib.request, urllib.error
url, token, acked_path, seconds, threads = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
deadline = time.time() + seconds
lock = threading.Lock()
acked = open(acked_path, "a")
stats = {"acked": 0, "failed": 0, "other": 0}
def worker(n):
    i = 0
    while time.time() < deadline:
        i += 1
        body = json.dumps({"la": "850", "receivedAt": "2026-10-01T10:00:00+01:00", "source": "6",
            "children": [{"givenName": "Crash", "familyName": f"Test{n}x{i}", "dateOfBirth": "2018-03-05"}],
            "summary": "crash test"}).encode()
        req = urllib.request.Request(url + "/api/v1/contacts", data=body, method="POST",
            headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as res:
                payload = json.load(res)
                if res.status == 201 and payload.get("id"):
                    with lock:
                        acked.write(payload["id"] + "\n"); acked.flush()
                        stats["acked"] += 1
                else:
                    with lock: stats["other"] += 1
        except urllib.error.HTTPError as e:
            with lock: stats["other"] += 1
            print("unexpected", e.code, e.read()[:300], file=sys.stderr)
        except Exception:
            with lock: stats["failed"] += 1
            time.sleep(0.05)
ts = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
for t in ts: t.start()
for t in ts: t.join()
print(json.dumps(stats))
sys.exit(1 if stats["other"] else 0)
PY

count_contacts() { # LA → number of contact lines in its export (0 when the LA does not exist)
  "$BIN" export interchange --la "$1" 2>/dev/null | grep -c '"kind":"contact"' || true
}

run() {
  local label=$1
  echo "== crash test on $label"
  : >"$WORK/acked"
  "$BIN" la create --code 850 --name "Crash Test Authority" >/dev/null 2>>"$WORK/setup.log"
  "$BIN" users create --la 850 --role triage-worker --email crash@ci.example --name "Crash Test" >/dev/null 2>>"$WORK/setup.log"
  local token; token=$("$BIN" tokens create --email crash@ci.example 2>>"$WORK/setup.log" | tail -1)

  # 1. Contacts streaming in, the server killed in the middle.
  start_server
  python3 "$WORK/stream.py" "http://127.0.0.1:$PORT" "$token" "$WORK/acked" 5 8 >"$WORK/stream.out" 2>"$WORK/stream.err" &
  local driver=$!
  sleep 2.5
  local before; before=$(wc -l <"$WORK/acked")
  kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  wait "$driver" || { cat "$WORK/stream.err"; fail "the server answered a submission with an unexpected status"; }
  local acked; acked=$(wc -l <"$WORK/acked")
  [ "$before" -gt 0 ] || fail "no contact was acknowledged before the kill"
  start_server
  local missing=0
  while read -r id; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/contacts/$id")
    [ "$status" = 200 ] || { echo "acknowledged contact $id: GET gave $status"; missing=$((missing + 1)); }
  done <"$WORK/acked"
  [ "$missing" = 0 ] || fail "$missing of $acked acknowledged contacts were lost"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  echo "server killed with SIGKILL mid-stream: all $acked acknowledged contacts present after restart ($(cat "$WORK/stream.out"))"

  # 2. An import killed part-way: nothing of it is present; importing again completes.
  local expected; expected=$(grep -c '"kind":"contact"' "$WORK/history.jsonl")
  "$BIN" import --progress "$WORK/history.jsonl" >"$WORK/import.out" 2>"$WORK/import.err" &
  local importer=$!
  for _ in $(seq 1 6000); do grep -q "writing:" "$WORK/import.err" && break; kill -0 "$importer" 2>/dev/null || break; sleep 0.01; done
  # The kill itself fails when the import finished in the meantime (a loaded machine may not run
  # this loop for a while): say so rather than stop without a word.
  kill -9 "$importer" 2>/dev/null || { cat "$WORK/import.err"; fail "the import ended before it could be killed: use a larger file"; }
  wait "$importer" 2>/dev/null || true
  local progress; progress=$(grep -m1 "writing:" "$WORK/import.err" || true)
  local after; after=$(count_contacts 851)
  [ "$after" = 0 ] || fail "an import killed part-way left $after of $expected contacts behind"
  "$BIN" import "$WORK/history.jsonl" >"$WORK/import.out" 2>"$WORK/import.err" || { cat "$WORK/import.err"; fail "the re-import failed"; }
  after=$(count_contacts 851)
  [ "$after" = "$expected" ] || fail "after the re-import $after of $expected contacts are present"
  echo "import killed with SIGKILL while writing (after "$progress"): nothing left behind; re-import: all $expected contacts"
}

# A file large enough that the import is killed while it writes (progress comes every 5,000 records):
# about 8,000 contacts (26,000 lines) for a second authority, so it is still writing when killed.
"$BIN" generate --la 851 --months 1 --monthly-contacts 8000 --seed 3 --out "$WORK/history.jsonl" >/dev/null 2>>"$WORK/setup.log"

FRONTDOOR_DATA_DIR="$WORK/sqlite" run "SQLite (WAL)"
if [ -n "${FRONTDOOR_CRASH_PG_URL:-}" ]; then
  DATABASE_URL="$FRONTDOOR_CRASH_PG_URL" run PostgreSQL
fi
echo "crash test: ok"
