#!/usr/bin/env bash
# Fuzzes the API from its own description: schemathesis (pinned below, installed into .venv-fuzz,
# which git ignores) generates requests for every operation in /openapi.json of a running server
# and fails on any 5xx response and on any response that contradicts the schema (status code,
# content type, body).
#
#   scripts/fuzz-api.sh                     # 25 examples per operation (about two minutes)
#   FUZZ_EXAMPLES=200 scripts/fuzz-api.sh   # longer
#
# The server runs on 127.0.0.1 with a throwaway SQLite database holding local authority 850, a
# team manager (the role that reaches most operations) and a token, sent as a Bearer header, plus a
# contact, a referral and a person whose ids are given to the operations that take one.
# BIN defaults to the debug build. POST /api/v1/import is left out: its body is JSON Lines, which
# schemathesis cannot generate (the import has its own tests, and the crash test drives it).
# One worker: hypothesis reads lambda sources with Python's parser, which is not thread-safe on 3.11.
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS_VERSION=4.32.5
BIN=${BIN:-$(swift build --show-bin-path)/frontdoor}
# A free port unless one is given: a server left over from another run must never answer for ours.
PORT=${FRONTDOOR_FUZZ_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
EXAMPLES=${FUZZ_EXAMPLES:-25}
VENV=${FUZZ_VENV:-.venv-fuzz}
if [ ! -x "$VENV/bin/st" ] || ! "$VENV/bin/pip" show schemathesis 2>/dev/null | grep -q "^Version: $SCHEMATHESIS_VERSION$"; then
  echo "== installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export FRONTDOOR_DATA_DIR="$WORK/data"
"$BIN" la create --code 850 --name "Fuzz Authority" >/dev/null
"$BIN" users create --la 850 --role team-manager --email fuzz@ci.example --name "Fuzz Test" >/dev/null
TOKEN=$("$BIN" tokens create --email fuzz@ci.example | tail -1)
"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.25; done
kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server did not start:"; cat "$WORK/serve.log"; exit 1; }

# Real records for the operations that take an id, so that they are fuzzed beyond a 404: a contact,
# a referral (from a second contact progressed to referral) and a person.
URL="http://127.0.0.1:$PORT"
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
id_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
CONTACT='{"la":"850","receivedAt":"2026-10-01T10:00:00+01:00","source":"6","children":[{"givenName":"Fuzz","familyName":"Testchild","dateOfBirth":"2018-03-05"}],"summary":"Synthetic fuzzing contact"}'
export FUZZ_CONTACT_ID FUZZ_REFERRAL_ID FUZZ_PERSON_ID
FUZZ_CONTACT_ID=$(api -d "$CONTACT" "$URL/api/v1/contacts" | id_of)
REFERRED=$(api -d "$CONTACT" "$URL/api/v1/contacts" | id_of)
api -d '{"outcome":"referral","reason":"Threshold met."}' "$URL/api/v1/contacts/$REFERRED/decision" >/dev/null
FUZZ_REFERRAL_ID=$(api "$URL/api/v1/referrals?la=850&state=unallocated" | python3 -c 'import json,sys; print(json.load(sys.stdin)["referrals"][0]["id"])')
FUZZ_PERSON_ID=$(api -d '{"la":"850","person":{"givenName":"Fuzz","familyName":"Testperson","dateOfBirth":"2016-02-03"}}' "$URL/api/v1/people" | id_of)
cat >"$WORK/schemathesis.toml" <<'TOML'
[parameters]
contactID = "${FUZZ_CONTACT_ID}"
referralID = "${FUZZ_REFERRAL_ID}"
personID = "${FUZZ_PERSON_ID}"
TOML

echo "== schemathesis $SCHEMATHESIS_VERSION: $EXAMPLES examples per operation"
status=0
"$VENV/bin/st" --no-color --config-file "$WORK/schemathesis.toml" run "http://127.0.0.1:$PORT/openapi.json" \
  --url "http://127.0.0.1:$PORT" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$EXAMPLES" \
  --seed 1 \
  --request-timeout 30 \
  --phases examples,coverage,fuzzing \
  --generation-database none \
  --workers 1 \
  --exclude-path /api/v1/import \
  "$@" || status=$?
if [ "$status" != 0 ]; then
  echo "== the server's log around failures (no personal data is logged):"
  grep -iE "error|fatal" "$WORK/serve.log" | tail -20 || true
fi
exit "$status"
