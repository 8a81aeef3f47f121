#!/usr/bin/env bash
# Does a flood of web starts delay identity writes? (issue 23 item 8, SPEC §7: pending state has
# its own lock.) `everyauth identity add` latency, median and p95 of RUNS runs, first quiet, then
# while THREADS threads send `GET /pagerduty` to `everyauth serve` as fast as it answers, each
# with a new user id (the worst case: the pending state grows to its 10,000 cap, then answers 503).
# Driven by Benchmarks/serve_flood.py; the goal is a ratio within 2x.
#   Benchmarks/serve-flood.sh    (RUNS=40 THREADS=8 USERS=0 PREFILL=0 CONFIG=release;
#                                 BIN=DIR uses the everyauth and pagerduty-fake already built in DIR)
# PREFILL=N starts with N pending authorizations of other users in the JSON file (9990: the file
# at its cap, ~6 MB rewritten by every start; the flood then fills it and gets 503s).
# Store: the JSON file in a temp config dir; EVERYAUTH_STORE_URL=postgres://... runs it against
# PostgreSQL (use a database of its own: identities named quiet-N and flood-N are added).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-40}
THREADS=${THREADS:-8}
USERS=${USERS:-0}
PREFILL=${PREFILL:-0}
CONFIG=${CONFIG:-release}
# The binaries, the work directory, free_port, the fake and the service: Benchmarks/serve-common.sh.
source Benchmarks/serve-common.sh

if [ "$PREFILL" -gt 0 ]; then
    python3 - "$EVERYAUTH_CONFIG_DIR/everyauth-pending.json" "$PREFILL" <<'PY'
import json, os, sys, time
path, count = sys.argv[1], int(sys.argv[2])
now = int(time.time())
stamp = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
entries = [{"id": f"{now + 600}-{index:032x}", "stateHash": "0" * 64, "service": "pagerduty", "userId": f"prefill-{index}",
            "codeVerifier": "v" * 43, "redirectUri": "http://127.0.0.1:9/pagerduty/callback", "tags": {},
            "createdAt": stamp(now), "expiresAt": stamp(now + 600)} for index in range(count)]
with open(path, "w") as file:
    json.dump({"version": 1, "pending": entries}, file, indent=2)
os.chmod(path, 0o600)
PY
fi

PORT=$(free_port)
"$BIN/everyauth" serve --listen "127.0.0.1:$PORT" --public-url "$PUBLIC" --user-id-header X-Forwarded-User \
    2> "$WORK/serve.log" &
PIDS+=($!)
for _ in $(seq 200); do grep -q "listening on" "$WORK/serve.log" && break; sleep 0.1; done
grep -q "listening on" "$WORK/serve.log" || { echo "serve did not start: $(cat "$WORK/serve.log")" >&2; exit 1; }

echo "== identity add x$RUNS quiet, then during a $THREADS-thread flood of GET /pagerduty ($(
    [ -n "${EVERYAUTH_STORE_URL:-}" ] && echo PostgreSQL || echo JSON file))" >&2
RESULT=$(python3 Benchmarks/serve_flood.py --origin "http://127.0.0.1:$PORT" --everyauth "$BIN/everyauth" \
    --runs "$RUNS" --threads "$THREADS" --users "$USERS")
echo "$RESULT"
PENDING=$("$BIN/everyauth" store info -o json | python3 -c 'import json, sys; d = json.load(sys.stdin); print((d[0] if isinstance(d, list) else d)["pending"])')
python3 - "$RESULT" "$PENDING" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"quiet : median {r['quiet']['median_ms']:7.1f} ms  p95 {r['quiet']['p95_ms']:7.1f} ms")
print(f"flood : median {r['flood']['median_ms']:7.1f} ms  p95 {r['flood']['p95_ms']:7.1f} ms"
      f"  ({r['flood_requests_per_second']} GET /pagerduty per s, statuses {r['flood_statuses']})")
print(f"ratio : median {r['median_ratio']}x  p95 {r['p95_ratio']}x; pending afterwards: {sys.argv[2]}")
PY
# Why any start failed (the refusal's own text; never a code, state or token).
grep -o 'event=refused service=pagerduty status=5[0-9]* reason="[^"]*"' "$WORK/serve.log" | sort | uniq -c | sed 's/^/refused: /' >&2 || true
