#!/usr/bin/env bash
# No Docker engine runs here, so CI rehearses what the image does (docs/adr/0002-image-not-built-in-ci.md):
# build, then in a copy installed with `npm ci --omit=dev` run the same npm scripts the Dockerfile
# and docker-compose.yml run (secrets:init, db:migrate, db:seed-demo, start:api, start:worker)
# against the local services, and wait for /health/ready.
set -euo pipefail
ROOT=$(pwd)
WORK=$(mktemp -d /tmp/kn-image.XXXXXX)
PORT=${REHEARSAL_PORT:-3911}
DB=kn_ci_image
# npm runs node as a child: each process runs in its own group (setsid) and the group is stopped.
cleanup() {
  [ -n "${API_PID:-}" ] && kill -- -"$API_PID" 2>/dev/null || true
  [ -n "${WORKER_PID:-}" ] && kill -- -"$WORKER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

npm run build --silent
cp -r package.json package-lock.json dist config "$WORK"/
cd "$WORK"
npm ci --omit=dev --no-audit --no-fund --loglevel=error

psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
SECRETS="$WORK/secrets"
SECRETS_DB_HOST=127.0.0.1 SECRETS_REDIS_HOST=127.0.0.1 npm run --silent secrets:init -- "$SECRETS"
# The compose stack's database user is `ketnap`; here the local trust server plays that role.
sed -i "s#^DATABASE_URL=.*#DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB#; s#^REDIS_URL=.*#REDIS_URL=redis://127.0.0.1:6379/15#" "$SECRETS/.env"
export NODE_ENV=production ENV_FILE="$SECRETS/.env" APP_ROOT="$WORK" PORT QUEUE_PREFIX=ci-image SEED_DEMO=true
redis-cli -n 15 flushdb >/dev/null

npm run --silent db:migrate
npm run --silent db:seed-demo
npm run --silent db:seed-demo   # idempotent: a second run must succeed and change nothing

if curl -s -o /dev/null "http://127.0.0.1:$PORT/health"; then echo "port $PORT is already in use"; exit 1; fi
setsid npm run --silent start:api >"$WORK/api.log" 2>&1 & API_PID=$!
setsid npm run --silent start:worker >"$WORK/worker.log" 2>&1 & WORKER_PID=$!
for i in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then break; fi
  if [ "$i" = 60 ]; then echo "api never became ready"; tail -50 "$WORK/api.log"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/health/ready"; echo
for i in $(seq 1 30); do grep -q '"worker started"' "$WORK/worker.log" && break; sleep 1; done
grep '"worker started"' "$WORK/worker.log" || { echo "worker did not start"; tail -50 "$WORK/worker.log"; exit 1; }
if [ -x "$ROOT/.ci/image-checks.sh" ]; then bash "$ROOT/.ci/image-checks.sh" "$PORT"; fi
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
echo "image rehearsal ok"
