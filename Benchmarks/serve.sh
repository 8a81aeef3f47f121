#!/usr/bin/env bash
# Completed web authorizations per second through `everyauth serve` (SPEC §2 "serve", issue 16):
# start -> the fake approves at once -> callback -> identity stored, driven by
# Benchmarks/serve_driver.py (cookie-less browsers on keep-alive connections, X-Forwarded-User
# set as the proxy would). Runs one instance, then two instances sharing the store (the callback
# always goes to the other instance than the start), then one instance over LONG authorizations
# sampling its RSS every 1,000 (is memory flat?) and reporting its peak (VmHWM).
#   Benchmarks/serve.sh       (COUNT=2000 THREADS=16 USERS=200 LONG=10000 CONFIG=release;
#                              BIN=DIR uses the everyauth and pagerduty-fake already built in DIR)
# USERS distinct user ids are reused round robin: the store keeps USERS identities, so the figures
# measure serve and not a growing store file. Store: the JSON file in a temp config dir (set
# EVERYAUTH_STORE_URL=postgres://... to run against PostgreSQL instead).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-2000}
THREADS=${THREADS:-16}
USERS=${USERS:-200}
LONG=${LONG:-10000}
CONFIG=${CONFIG:-release}
# The binaries, the work directory, free_port, the fake and the service: Benchmarks/serve-common.sh.
source Benchmarks/serve-common.sh

# start_serve NAME: starts an instance on a free port; sets ORIGIN and PID.
start_serve() {
    local port
    port=$(free_port)
    "$BIN/everyauth" serve --listen "127.0.0.1:$port" --public-url "$PUBLIC" --user-id-header X-Forwarded-User \
        2> "$WORK/$1.log" &
    PID=$!
    PIDS+=("$PID")
    ORIGIN="http://127.0.0.1:$port"
    for _ in $(seq 200); do grep -q "listening on" "$WORK/$1.log" && return 0; sleep 0.1; done
    echo "serve did not start: $(cat "$WORK/$1.log")" >&2
    exit 1
}

stop_serve() { kill -TERM "$1"; wait "$1" || true; }

drive() { python3 Benchmarks/serve_driver.py --public "$PUBLIC" --threads "$THREADS" --users "$USERS" "$@"; }

echo "== one instance, $COUNT authorizations, $THREADS threads" >&2
start_serve one; A=$ORIGIN; APID=$PID
drive --instances "$A" --count 200 > /dev/null   # warm-up
ONE=$(drive --instances "$A" --count "$COUNT" --pids "$APID")
echo "$ONE"

echo "== two instances sharing the store, $COUNT authorizations (callbacks on the other instance)" >&2
start_serve two; B=$ORIGIN; BPID=$PID
TWO=$(drive --instances "$A,$B" --count "$COUNT" --pids "$APID,$BPID")
echo "$TWO"
stop_serve "$BPID"
stop_serve "$APID"

echo "== one fresh instance over $LONG authorizations: RSS every 1,000 and peak" >&2
start_serve long; LPID=$PID
LONGRUN=$(drive --instances "$ORIGIN" --count "$LONG" --pids "$LPID" --sample 1000)
echo "$LONGRUN"
stop_serve "$LPID"

python3 - "$ONE" "$TWO" "$LONGRUN" <<'PY'
import json, sys
one, two, long = (json.loads(a) for a in sys.argv[1:4])
print(f"one instance : {one['per_second']:8.1f} authorizations/s ({one['completed']} in {one['seconds']} s, {one['failed']} failed)")
print(f"two instances: {two['per_second']:8.1f} authorizations/s ({two['completed']} in {two['seconds']} s, {two['failed']} failed)")
rss = [s['rss_kb'][0] // 1024 for s in long['rss_samples']]
print(f"RSS over {long['completed']} authorizations (MiB, every 1,000): {rss}; peak {long['peak_rss_kb'][0] // 1024} MiB; {long['failed']} failed")
PY
