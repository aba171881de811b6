#!/usr/bin/env bash
# Checks run by .ci/image-rehearsal.sh against the production-mode API started from dist/ with the
# demo data seeded. $1: the API port.
set -euo pipefail
PORT=${1:?usage: image-checks.sh <port>}
BASE="http://127.0.0.1:$PORT"
fail() { echo "image check failed: $*" >&2; exit 1; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# Bull Board is for administrators only.
code=$(status "$BASE/api/v1/admin/queues")
[ "$code" = 401 ] || fail "/api/v1/admin/queues without a token answered $code, expected 401"
code=$(status -H 'Authorization: Bearer not-a-token' "$BASE/api/v1/admin/queues")
[ "$code" = 401 ] || fail "/api/v1/admin/queues with a bad token answered $code, expected 401"
echo "queues board refuses anonymous requests (401)"

LOGIN=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"username":"admin","password":"demo-password-2026"}' "$BASE/api/v1/auth/login" || true)
TOKEN=$(printf '%s' "$LOGIN" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{process.stdout.write(JSON.parse(s).accessToken||"")}catch{}})')
if [ -z "$TOKEN" ]; then
  # The demo seed and the login endpoint come from the orgs work; until both exist, only the 401 checks run.
  echo "demo admin login unavailable: the 200 check of the queues board is skipped"
else
  code=$(status -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/admin/queues")
  [ "$code" = 200 ] || fail "/api/v1/admin/queues with the demo admin token answered $code, expected 200"
  body=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/admin/queues")
  printf '%s' "$body" | grep -qi '<html' || fail "/api/v1/admin/queues did not serve the board's page"
  echo "queues board serves administrators (200)"
  code=$(status -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/admin/deliveries?status=dead")
  [ "$code" = 200 ] || fail "/api/v1/admin/deliveries?status=dead answered $code, expected 200"
  code=$(status -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/notifications/unread-count")
  [ "$code" = 200 ] || fail "/api/v1/notifications/unread-count answered $code, expected 200"
  echo "notification endpoints answer"
fi
echo "image checks ok"
