# What Benchmarks/serve.sh and Benchmarks/serve-flood.sh share, sourced by both after their
# settings: the binaries (built with CONFIG unless BIN names a directory holding them), a work
# directory removed on exit with every process in PIDS, free_port, and pagerduty-fake approving at
# once for a service `bench` whose redirect goes to PUBLIC (sets FAKE and EVERYAUTH_CONFIG_DIR).
if [ -z "${BIN:-}" ]; then
    swift build -c "$CONFIG" --product everyauth >&2
    swift build -c "$CONFIG" --product pagerduty-fake >&2
    BIN=$(swift build -c "$CONFIG" --show-bin-path)
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

PUBLIC="http://127.0.0.1:9"
"$BIN/pagerduty-fake" --port 0 --incidents 0 --consent approve --client-id bench --client-secret bench-secret \
    --redirect-uri "$PUBLIC/pagerduty/callback" > "$WORK/fake.out" 2> "$WORK/fake.err" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/fake.out" ] && break; sleep 0.1; done
FAKE=$(head -1 "$WORK/fake.out")
export EVERYAUTH_CONFIG_DIR="$WORK/config" NO_PROXY='*' no_proxy='*'
"$BIN/everyauth" service set pagerduty --clientId bench --clientSecret bench-secret \
    --authorizationUrl "$FAKE/oauth/authorize" --tokenUrl "$FAKE/oauth/token" --apiUrl "$FAKE" > /dev/null
