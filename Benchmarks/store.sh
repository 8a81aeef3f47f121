#!/usr/bin/env bash
# Times the file store (SPEC §3 "Cost") on stores of 1, 1,000, 10,000 and 100,000 identities:
# `identity token`, `identity add` (a read-modify-write of the whole file) and `identity ls -o json`,
# median of RUNS runs each (hyperfine), and peak RSS of `identity token` (GNU time). Ratios are to
# the 1-identity store of the same run. Targets at 10,000: token within 2x, add within 3x,
# ls within 4x, peak RSS within 2x.
#   Benchmarks/store.sh            (RUNS=15 SIZES="1 1000 10000 100000" to change)
# ENCRYPT=1 also times `identity token` and `identity ls` on each store encrypted (SPEC §3
# "Encryption at rest"; a copy rekeyed with a fresh EVERYAUTH_STORE_KEY), side by side with the
# plaintext one: target at 10,000 within 2x of one encrypted identity. Also prints the rekey's time.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-15}
ENCRYPT=${ENCRYPT:-0}
STORE_KEY="bench:$(head -c32 /dev/urandom | base64)"
SIZES=${SIZES:-"1 1000 10000 100000"}
# EVERYAUTH_BIN=PATH measures a binary already built (say the installed one of `make build`).
if [ -n "${EVERYAUTH_BIN:-}" ]; then
    BIN="$EVERYAUTH_BIN"
else
    swift build -c release --product everyauth >&2
    BIN="$(swift build -c release --show-bin-path)/everyauth"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Writes DIR/everyauth.json with N OAuth identities (tokens far from expiry, so nothing refreshes),
# in the format the store itself writes.
generate() {
    python3 - "$1" "$2" <<'PY'
import json, os, sys
directory, count = sys.argv[1], int(sys.argv[2])
os.makedirs(directory, mode=0o700, exist_ok=True)
os.chmod(directory, 0o700)
identities = []
for i in range(count):
    identities.append({
        "createdAt": "2026-11-29T03:40:49Z",
        "credential": {
            "accessToken": "pdus+_0X%058x" % i,
            "native": {"access_token": "pdus+_0X%058x" % i, "expires_at": 4102444800000, "id_token": "ey.%040x" % i,
                       "scope": "read write", "timestamp": 1764387649000, "token_type": "bearer"},
            "refresh_token": "pdrt+_0X%058x" % i,
        },
        "id": "idn-%032x" % i, "kind": "oauth", "service": "pagerduty", "status": "authorized",
        "tags": {"env": "prod", "team": "team-%d" % (i % 50)},
        "updatedAt": "2026-11-29T03:40:49Z", "userId": "user-%d" % i,
    })
document = {"identities": identities, "services": {"pagerduty": {"clientId": "client-1", "scope": "read write"}}, "version": 1}
path = os.path.join(directory, "everyauth.json")
with open(path, "w") as out:
    json.dump(document, out, indent=2, sort_keys=True)
    out.write("\n")
os.chmod(path, 0o600)
PY
}

# Median seconds of hyperfine's runs of "$@" (a shell-free command line).
median() {
    hyperfine --shell=none --style none --warmup 2 --runs "$RUNS" --export-json "$WORK/h.json" "$*" >/dev/null 2>&1
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/h.json"
}

declare -A token add list rss etoken elist rekey
for n in $SIZES; do
    dir="$WORK/store-$n"
    generate "$dir" "$n"
    export EVERYAUTH_CONFIG_DIR="$dir"
    last="user-$((n - 1))"
    "$BIN" identity token pagerduty --user-id "$last" >/dev/null  # fails loudly if the store is unreadable
    token[$n]=$(median "$BIN" identity token pagerduty --user-id "$last")
    list[$n]=$(median "$BIN" identity ls -o json)
    add[$n]=$(median "$BIN" identity add pagerduty --user-id bench-added --token u+benchkey0123)
    best=""
    for _ in 1 2 3 4 5; do
        kb=$(/usr/bin/time -f %M "$BIN" identity token pagerduty --user-id "$last" 2>&1 >/dev/null | tail -1)
        if [ -z "$best" ] || [ "$kb" -lt "$best" ]; then best=$kb; fi
    done
    rss[$n]=$best
    if [ "$ENCRYPT" = 1 ]; then
        # The same identities, encrypted by `store rekey` (in the store's own form, as any write leaves it).
        edir="$WORK/encrypted-$n"
        generate "$edir" "$n"
        export EVERYAUTH_CONFIG_DIR="$edir" EVERYAUTH_STORE_KEY="$STORE_KEY"
        start=$(date +%s.%N)
        "$BIN" store rekey >/dev/null
        rekey[$n]=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
        if grep -q 'pdus+_0X' "$edir/everyauth.json"; then echo "a token is in the clear after rekey" >&2; exit 1; fi
        "$BIN" identity token pagerduty --user-id "$last" >/dev/null
        etoken[$n]=$(median "$BIN" identity token pagerduty --user-id "$last")
        elist[$n]=$(median "$BIN" identity ls -o json)
        unset EVERYAUTH_STORE_KEY
    fi
    unset EVERYAUTH_CONFIG_DIR
done

load=$(uptime | sed 's/.*load average/load average/')

python3 - "$SIZES" "${token[*]}" "${add[*]}" "${list[*]}" "${rss[*]}" "$load" "$RUNS" <<'PY'
import sys
sizes = [int(x) for x in sys.argv[1].split()]
columns = [("identity token", 2.0), ("identity add", 3.0), ("identity ls -o json", 4.0)]
series = [[float(x) for x in arg.split()] for arg in sys.argv[2:5]]
rss = [int(x) for x in sys.argv[5].split()]
print("%s; medians of %s runs" % (sys.argv[6], sys.argv[7]))
print("%-22s %10s %10s %8s %8s" % ("command", "identities", "median ms", "ratio", "target"))
for (name, target), values in zip(columns, series):
    for size, value in zip(sizes, values):
        ratio = value / values[0]
        mark = ("ok" if ratio <= target else "MISSED") if size == 10000 else ""
        print("%-22s %10d %10.1f %7.2fx %8s" % (name, size, value * 1000, ratio, ("<= %.0fx %s" % (target, mark)) if mark else ""))
for size, value in zip(sizes, rss):
    ratio = value / rss[0]
    mark = ("ok" if ratio <= 2 else "MISSED") if size == 10000 else ""
    print("%-22s %10d %8.1f MB %7.2fx %8s" % ("peak RSS (token)", size, value / 1024, ratio, ("<= 2x %s" % mark) if mark else ""))
PY

if [ "$ENCRYPT" = 1 ]; then
    python3 - "$SIZES" "${token[*]}" "${etoken[*]}" "${list[*]}" "${elist[*]}" "${rekey[*]}" <<'PY'
import sys
sizes = [int(x) for x in sys.argv[1].split()]
token, etoken, listing, elisting, rekey = ([float(x) for x in arg.split()] for arg in sys.argv[2:7])
print("encrypted (EVERYAUTH_STORE_KEY set), same run:")
print("%-26s %10s %10s %9s %12s %8s" % ("command", "identities", "median ms", "vs 1 enc", "vs plaintext", "target"))
for name, plain, enc in (("identity token", token, etoken), ("identity ls -o json", listing, elisting)):
    for size, p, e in zip(sizes, plain, enc):
        mark = ("<= 2x %s" % ("ok" if e / enc[0] <= 2 else "MISSED")) if name == "identity token" and size == 10000 else ""
        print("%-26s %10d %10.1f %8.2fx %11.2fx %8s" % (name + " (enc)", size, e * 1000, e / enc[0], e / p, mark))
for size, seconds in zip(sizes, rekey):
    print("%-26s %10d %10.1f" % ("store rekey (plaintext)", size, seconds * 1000))
PY
fi
