#!/usr/bin/env bash
# Listing at the network's limit, side by side in one run: the same fake, the same pages, over TLS.
#
#   everyauth   incidents list --status all --since S --until U --all -o ndjson
#   curl        -Z --parallel-max 8 over exactly the URLs everyauth fetched (the practical limit)
#   official    PagerDuty's Python client (`pip install pagerduty`, in a throwaway venv): iter_all
#               within the 10,000 offset ceiling, its own iter_history bisection beyond it
#
# The pages: pagerduty-fake (plain HTTP, no latency) behind Benchmarks/tls_front.py, which
# terminates TLS with a certificate made here by openssl, waits LATENCY_MS, and answers from a
# cache of the fake's encoded answers. An untimed warm-up run of each client fills that cache, so
# the clock only sees bytes already in memory. curl's time shows whether the front keeps up.
#
# The window: the fake's incidents end now, one every 37 s, so S..U (one day of margin) is a
# single window of PagerDuty's 6-month limit up to about 400,000 incidents. `--all-time` would add
# ~30 counting requests (one per 180-day window since 2009) whose `until` moves with the clock;
# they are small and concurrent, but they are not what this benchmark measures.
#
# Prints per client and count the median wall time, user+system CPU and peak RSS of RUNS runs
# (the official client runs PY_RUNS times at counts beyond 10,000, where it is slow), the ratios
# to curl, and the start-up times (hyperfine) of `everyauth --version`, `everyauth identity
# token` on a one-identity store and `curl --version` (and, for scale, `pagerduty-fake --help`:
# Foundation and NIO without libcurl's 30-odd shared libraries).
#   Benchmarks/run.sh                       (COUNTS="10000 100000" RUNS=3 PY_RUNS=1 LATENCY_MS=50,
#                                            EVERYAUTH_BIN=PATH to measure a binary already built)
#   ALL_TIME=1 COUNTS=10000 Benchmarks/run.sh   `--all-time` instead of the window: PagerDuty's
#                                            date_range=all for everyauth and the official client's
#                                            iter_all alike (issue 25 item 13)
# Needs python3 (venv), openssl, curl, GNU time (/usr/bin/time) and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."

LATENCY_MS=${LATENCY_MS:-50}
ALL_TIME=${ALL_TIME:-0}
RUNS=${RUNS:-3}
PY_RUNS=${PY_RUNS:-1}
COUNTS=${COUNTS:-"10000 100000"}
PARALLEL=8
RESULTS=Benchmarks/results
mkdir -p "$RESULTS"

# The binary users install: `make build` (static Swift runtime, stripped). EVERYAUTH_BIN=PATH measures
# one already built. The fake is built with the same flags, so neither build undoes the other's.
read -ra RELEASE_FLAGS <<<"$(make --no-print-directory -s print-build-flags)"
if [ -n "${EVERYAUTH_BIN:-}" ]; then
    EVERYAUTH_BINARY=$EVERYAUTH_BIN
else
    make --no-print-directory build >&2
    EVERYAUTH_BINARY=.build/install/everyauth
fi
EVERYAUTH_BINARY=$(realpath "$EVERYAUTH_BINARY")
[ -f Sources/EveryAuthCLI/BuildInfoGenerated.swift ] || scripts/write-build-info swift >&2
swift build "${RELEASE_FLAGS[@]}" --product pagerduty-fake >&2
BIN=$(swift build "${RELEASE_FLAGS[@]}" --show-bin-path)

VENV="$RESULTS/venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q pagerduty >&2
fi
OFFICIAL_VERSION=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("pagerduty"))')

WORK=$(mktemp -d)
FAKE_PID=""
FRONT_PID=""
stop_servers() {
    if [ -n "$FRONT_PID" ]; then kill -9 "$FRONT_PID" 2>/dev/null || true; wait "$FRONT_PID" 2>/dev/null || true; fi
    if [ -n "$FAKE_PID" ]; then kill -9 "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; fi
    FRONT_PID=""
    FAKE_PID=""
}
trap 'stop_servers; rm -rf "$WORK"' EXIT

# A self-signed certificate for 127.0.0.1 (P-256: the handshake should cost little on either side).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
export EVERYAUTH_CA_BUNDLE="$WORK/cert.pem"
ACCEPT="Accept: application/vnd.pagerduty+json;version=2"
AUTHORIZATION="Authorization: Token token=bench-key"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Waits until FILE holds a line (a server printed its URL).
await_line() {
    for _ in $(seq 300); do [ -s "$1" ] && return 0; sleep 0.1; done
    echo "no URL in $1" >&2
    exit 1
}

# Starts the fake with $1 incidents and the TLS front before it; sets BASE, SINCE and UNTIL.
start_servers() {
    stop_servers
    local now
    now=$(date +%s)
    SINCE=$(date -u -d "@$((now - $1 * 37 - 86400))" +%Y-%m-%dT%H:%M:%SZ)
    UNTIL=$(date -u -d "@$((now + 86400))" +%Y-%m-%dT%H:%M:%SZ)
    : >"$WORK/fake.url"
    "$BIN/pagerduty-fake" --incidents "$1" --latency-ms 0 --token bench-key >"$WORK/fake.url" 2>/dev/null &
    FAKE_PID=$!
    await_line "$WORK/fake.url"
    local upstream
    upstream=$(sed 's|^http://||' "$WORK/fake.url")
    : >"$WORK/front.url"
    : >"$WORK/urls.log"
    python3 Benchmarks/tls_front.py --upstream "$upstream" --cert "$WORK/cert.pem" --key "$WORK/key.pem" \
        --latency-ms "$LATENCY_MS" --log "$WORK/urls.log" >"$WORK/front.url" &
    FRONT_PID=$!
    await_line "$WORK/front.url"
    BASE=$(cat "$WORK/front.url")
    mkdir -p "$WORK/config" && chmod 700 "$WORK/config"
    printf '{"version":1,"services":{"pagerduty":{"apiUrl":"%s"}},"identities":[]}\n' "$BASE" >"$WORK/config/everyauth.json"
    chmod 600 "$WORK/config/everyauth.json"
}

# The three command lines, once SINCE, UNTIL and BASE are known.
set_commands() {
    local range=(--since "$SINCE" --until "$UNTIL") official_range=("$SINCE" "$UNTIL")
    if [ "$ALL_TIME" = 1 ]; then range=(--all-time); official_range=(all all); fi
    EVERYAUTH=("$EVERYAUTH_BINARY" incidents list --config-dir "$WORK/config" --token bench-key --status all
        "${range[@]}" --all -o ndjson)
    CURL=(curl -s --no-progress-meter -Z --parallel-max "$PARALLEL" -K "$WORK/curl.config")
    # The official client is on httpx, which reads SSL_CERT_FILE; requests-based versions read the other.
    OFFICIAL=(env SSL_CERT_FILE="$WORK/cert.pem" REQUESTS_CA_BUNDLE="$WORK/cert.pem" "$VENV/bin/python" Benchmarks/official_client.py "$BASE" bench-key "${official_range[@]}")
    if [ "$COUNT" -gt 10000 ]; then OFFICIAL+=(--history); fi
}

# Runs command "$2..." once as client $1 with stdout in $WORK/out; appends
# "client count wall_s cpu_s rss_kib" to the results.
measure() {
    local client=$1 start end user system rss
    shift
    start=$(date +%s%N)
    /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "$@" >"$WORK/out"
    end=$(date +%s%N)
    read -r user system rss <"$WORK/time.txt"
    printf '%s %s %s %s %s\n' "$client" "$COUNT" "$(echo "($end - $start) / 1000000000" | bc -l)" \
        "$(echo "$user + $system" | bc -l)" "$rss" >>"$WORK/results.txt"
}

# The output of the run just measured must hold every incident.
check_lines() {
    local lines
    lines=$(wc -l <"$WORK/out")
    [ "$lines" -eq "$COUNT" ] || { echo "$1: expected $COUNT incidents, got $lines" >&2; exit 1; }
}

: >"$WORK/results.txt"
: >"$WORK/urls.txt"
for COUNT in $COUNTS; do
    echo "== $COUNT incidents, $LATENCY_MS ms latency: warming up" >&2
    start_servers "$COUNT"
    # Warm-up: fills the front's cache and records the URLs everyauth fetches, for curl.
    set_commands
    "${EVERYAUTH[@]}" >"$WORK/out"
    check_lines everyauth
    awk '!seen[$0]++' "$WORK/urls.log" >"$WORK/everyauth.urls"
    {
        echo "globoff"
        echo "silent"
        echo "cacert = \"$WORK/cert.pem\""
        echo "header = \"$ACCEPT\""
        echo "header = \"$AUTHORIZATION\""
        sed "s|^|url = \"$BASE|; s|\$|\"|" "$WORK/everyauth.urls"
    } >"$WORK/curl.config"
    "${CURL[@]}" >"$WORK/out"
    grep -q '"incidents"' "$WORK/out"
    "${OFFICIAL[@]}" >"$WORK/out"
    check_lines official
    echo "   $(wc -l <"$WORK/everyauth.urls") URLs; timing" >&2
    echo "urls $COUNT $(wc -l <"$WORK/everyauth.urls")" >>"$WORK/urls.txt"
    py_runs=$RUNS
    if [ "$COUNT" -gt 10000 ]; then py_runs=$PY_RUNS; fi
    for run in $(seq "$RUNS"); do
        measure everyauth "${EVERYAUTH[@]}"
        check_lines everyauth
        measure curl "${CURL[@]}"
        if [ "$run" -le "$py_runs" ]; then
            measure official "${OFFICIAL[@]}"
            check_lines official
        fi
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
stop_servers

# Start-up: a one-identity store (an API key, so nothing refreshes).
mkdir -p "$WORK/startup" && chmod 700 "$WORK/startup"
printf 'u+benchkey0123\n' | EVERYAUTH_CONFIG_DIR="$WORK/startup" "$EVERYAUTH_BINARY" identity add pagerduty --user-id bench --token - >/dev/null 2>&1
EVERYAUTH_CONFIG_DIR="$WORK/startup" hyperfine --shell=none --style none --warmup 3 --runs "${STARTUP_RUNS:-30}" \
    --export-json "$WORK/startup.json" "$EVERYAUTH_BINARY --version" "$EVERYAUTH_BINARY identity token pagerduty --user-id bench" \
    "curl --version" "$BIN/pagerduty-fake --help" >/dev/null 2>&1

python3 - "$WORK/results.txt" "$WORK/startup.json" "$LATENCY_MS" "$OFFICIAL_VERSION" "$LOAD_BEFORE" "$LOAD_AFTER" "$WORK/urls.txt" "$ALL_TIME" <<'PY' | tee "$RESULTS/last-run.txt"
import json, math, statistics, sys
results, startup, latency, official, load_before, load_after, urls, all_time = sys.argv[1:9]
url_counts = {int(line.split()[1]): int(line.split()[2]) for line in open(urls)}
rows = {}
for line in open(results):
    client, count, wall, cpu, rss = line.split()
    rows.setdefault((client, int(count)), []).append((float(wall), float(cpu), int(rss)))
counts = sorted({count for _, count in rows})
print("listing%s, %s ms latency, TLS; medians (runs); official client: pagerduty %s" % (
    " --all-time (date_range=all)" if all_time == "1" else " --since/--until", latency, official))
print("load average: %s before, %s after" % (load_before, load_after))
print("%-10s %8s %5s %9s %9s %9s %10s %11s" % ("client", "incidents", "runs", "wall s", "cpu s", "rss MiB", "/ curl", "official /"))
for count in counts:
    median = {client: tuple(statistics.median(r[i] for r in rows[(client, c)]) for i in range(3))
              for (client, c) in rows if c == count}
    limit = (1 + math.ceil((count / 100 - 1) / 8)) * int(latency) / 1000
    for client in ("everyauth", "curl", "official"):
        if client not in median:
            continue
        wall, cpu, rss = median[client]
        versus_curl = wall / median["curl"][0]
        speedup = median["official"][0] / wall if "official" in median else float("nan")
        print("%-10s %8d %5d %9.3f %9.3f %9.1f %9.2fx %10.1fx" % (
            client, count, len(rows[(client, count)]), wall, cpu, rss / 1024, versus_curl, speedup))
    print("%-10s %8d %5s %9.3f   (1 + ceil((pages - 1) / 8) round trips; everyauth asked %d URLs)" % (
        "limit", count, "", limit, url_counts.get(count, 0)))
if 10000 in counts:
    everyauth = {c: tuple(statistics.median(r[i] for r in rows[("everyauth", c)]) for i in range(3)) for c in counts}
    wall, cpu, rss = everyauth[10000]
    curl = statistics.median(r[0] for r in rows[("curl", 10000)])
    print("targets at 10,000: wall / curl %.2fx (<= 1.15x), official / everyauth %.1fx (>= 6x), cpu %.3f s (<= 0.2 s)" % (
        wall / curl, statistics.median(r[0] for r in rows[("official", 10000)]) / wall, cpu))
    for c in counts:
        if c > 10000:
            print("peak RSS %d / 10,000: %.2fx (<= 1.2x)" % (c, everyauth[c][2] / rss))
data = json.load(open(startup))["results"]
times = {r["command"]: r["median"] for r in data}
curl_version = next(v for k, v in times.items() if k.startswith("curl"))
for command, seconds in times.items():
    name = command.split("/")[-1]
    print("start-up %-45s %6.1f ms %5.2fx curl --version" % (name, seconds * 1000, seconds / curl_version))
PY
