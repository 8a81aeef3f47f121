#!/usr/bin/env bash
# Times `everyauth incidents list --all -o ndjson` against the fake PagerDuty with 50 ms latency
# per request, and measures peak memory for 1,000 and 10,000 incidents.
# The target: 10,000 incidents take 14 round trips (page one, then 99 pages 8 at a time), so
# about 14 x 50 ms = 700 ms; within 1.3x of that is the aim.
# Needs GNU time for peak memory (Debian: `apt-get install time`); without it memory is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

LATENCY_MS=${LATENCY_MS:-50}
RUNS=${RUNS:-5}
swift build -c release --product everyauth >&2
swift build -c release --product pagerduty-fake >&2
BIN=$(swift build -c release --show-bin-path)
WORK=$(mktemp -d)
FAKE_PID=""
cleanup() {
    if [ -n "$FAKE_PID" ]; then kill -9 "$FAKE_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Starts the fake with $1 incidents; sets FAKE_PID and the config dir's apiUrl.
start_fake() {
    if [ -n "$FAKE_PID" ]; then kill -9 "$FAKE_PID" 2>/dev/null || true; fi
    "$BIN/pagerduty-fake" --incidents "$1" --latency-ms "$LATENCY_MS" --token bench-key >"$WORK/url" &
    FAKE_PID=$!
    for _ in $(seq 100); do [ -s "$WORK/url" ] && break; sleep 0.1; done
    mkdir -p "$WORK/config" && chmod 700 "$WORK/config"
    printf '{"version":1,"services":{"pagerduty":{"apiUrl":"%s"}},"identities":[]}\n' "$(cat "$WORK/url")" >"$WORK/config/everyauth.json"
    chmod 600 "$WORK/config/everyauth.json"
}

list_all() {
    "$BIN/everyauth" incidents list --config-dir "$WORK/config" --token bench-key --status all --all-time --all -o ndjson >"$WORK/out.ndjson"
}

start_fake 10000
times=()
for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    list_all
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
    lines=$(wc -l <"$WORK/out.ndjson")
    [ "$lines" -eq 10000 ] || { echo "expected 10000 incidents, got $lines" >&2; exit 1; }
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
target=$(echo "14 * $LATENCY_MS / 1000" | bc -l)
printf 'incidents list --all, 10,000 incidents, %d ms latency: runs %s s; median %.3f s (14 round trips = %.3f s; ratio %.2f)\n' \
    "$LATENCY_MS" "$(printf '%.3f ' "${times[@]}")" "$median" "$target" "$(echo "$median / $target" | bc -l)"

if [ -x /usr/bin/time ]; then
    for count in 1000 10000; do
        start_fake "$count"
        /usr/bin/time -v "$BIN/everyauth" incidents list --config-dir "$WORK/config" --token bench-key --status all --all-time --all -o ndjson \
            >"$WORK/out.ndjson" 2>"$WORK/time.txt"
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
        printf 'peak memory, %d incidents: %d KiB\n' "$count" "$rss"
    done
else
    echo "peak memory: skipped (install GNU time: apt-get install time)"
fi
