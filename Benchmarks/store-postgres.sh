#!/usr/bin/env bash
# The PostgreSQL store at 100,000 identities (issue 11): the median of `identity token` from the
# built binary (hyperfine, RUNS runs, against 1 and 100,000 identities), and getIdentity
# throughput from the library with TASKS concurrent tasks (Benchmarks/StoreThroughput).
#   Benchmarks/store-postgres.sh                 (a throwaway cluster through scripts/with-postgres)
#   Benchmarks/store-postgres.sh postgres://USER@HOST/DB   (a server of yours; creates and drops
#                                                  the databases everyauth_bench_1 and _100000)
# RUNS=20 TASKS=8 LOOKUPS=5000 CONFIG=release to change; THROUGHPUT=0 skips the library part (its
# package builds everything again). Needs hyperfine, psql and python3.
# ENCRYPT=1 also seeds encrypted copies (rekeyed with a fresh EVERYAUTH_STORE_KEY) and times them
# side by side: `identity token` and getIdentity throughput, encrypted vs plaintext (target >= 80%).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
    exec scripts/with-postgres "$0" "@with-postgres"
fi
admin="$1"
[ "$admin" = "@with-postgres" ] && admin="$EVERYAUTH_TEST_POSTGRES_URL"
RUNS=${RUNS:-20}
CONFIG=${CONFIG:-release}
THROUGHPUT=${THROUGHPUT:-1}
TASKS=${TASKS:-8}
LOOKUPS=${LOOKUPS:-5000}
ENCRYPT=${ENCRYPT:-0}
STORE_KEY="bench:$(head -c32 /dev/urandom | base64)"

# EVERYAUTH_BIN=PATH measures a binary already built (say the installed one of `make build`).
if [ -n "${EVERYAUTH_BIN:-}" ]; then
    BIN="$EVERYAUTH_BIN"
else
    swift build -c "$CONFIG" --product everyauth >&2
    BIN="$(swift build -c "$CONFIG" --show-bin-path)/everyauth"
fi
if [ "$THROUGHPUT" = 1 ]; then
    swift build -c "$CONFIG" --package-path Benchmarks/StoreThroughput >&2
    DRIVER="$(swift build -c "$CONFIG" --package-path Benchmarks/StoreThroughput --show-bin-path)/store-throughput"
fi
WORK=$(mktemp -d)
databases=()
cleanup() {
    for db in "${databases[@]}"; do psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# URL of database $1 on the admin URL's server.
database_url() { python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$admin" "$1"; }

# A database with N OAuth identities user-0 ... user-(N-1), tokens far from expiry (nothing refreshes);
# $2 names a second database of the same size (say "enc").
seed() {
    local n="$1" db="everyauth_bench_$1${2:+_$2}"
    databases+=("$db")
    psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    psql -q "$admin" -c "CREATE DATABASE $db" >/dev/null
    local url; url="$(database_url "$db")"
    # The schema as everyauth creates it on first use.
    EVERYAUTH_STORE_URL="$url" EVERYAUTH_CONFIG_DIR="$WORK/config" "$BIN" store info -o json >/dev/null
    psql -q "$url" >/dev/null <<SQL
INSERT INTO everyauth_services VALUES ('pagerduty', '{"clientId": "client-1", "scope": "read write"}');
INSERT INTO everyauth_identities (id, service, user_id, tags, credential, kind, status, created_at, updated_at)
SELECT 'idn-' || lpad(to_hex(i), 32, '0'), 'pagerduty', 'user-' || i,
       jsonb_build_object('env', 'prod', 'team', 'team-' || (i % 50)),
       jsonb_build_object('accessToken', 'pdus+_0X' || lpad(to_hex(i), 58, '0'), 'refresh_token', 'pdrt+_0X' || lpad(to_hex(i), 58, '0'),
                          'native', jsonb_build_object('access_token', 'pdus+_0X' || lpad(to_hex(i), 58, '0'), 'expires_at', 4102444800000,
                                                       'scope', 'read write', 'timestamp', 1764387649000, 'token_type', 'bearer')),
       'oauth', 'authorized', now(), now()
FROM generate_series(0, $n - 1) AS i;
ANALYZE;
SQL
    echo "$url"
}

median() {
    hyperfine --shell=none --style none --warmup 3 --runs "$RUNS" --export-json "$WORK/h.json" "$*" >/dev/null 2>&1
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/h.json"
}

# The encrypted copy of a seeded database: every row rekeyed under STORE_KEY (prints the rekey's time on stderr).
encrypt() {
    local start; start=$(date +%s.%N)
    EVERYAUTH_STORE_URL="$1" EVERYAUTH_STORE_KEY="$STORE_KEY" EVERYAUTH_CONFIG_DIR="$WORK/config" "$BIN" store rekey >/dev/null
    python3 -c "import sys; print('store rekey of %s: %.1f s' % (sys.argv[1], float(sys.argv[3]) - float(sys.argv[2])), file=sys.stderr)" \
        "${1##*/}" "$start" "$(date +%s.%N)"
    if psql -At "$1" -c "SELECT count(*) FROM everyauth_identities WHERE credential::text LIKE '%pdus+_0X%'" | grep -qv '^0$'; then
        echo "a token is in the clear after rekey" >&2; exit 1
    fi
}

one="$(seed 1)"
big="$(seed 100000)"
if [ "$ENCRYPT" = 1 ]; then
    eone="$(seed 1 enc)"
    ebig="$(seed 100000 enc)"
    encrypt "$eone"
    encrypt "$ebig"
fi
export EVERYAUTH_CONFIG_DIR="$WORK/config"
export EVERYAUTH_STORE_URL="$one"
t1=$(median "$BIN" identity token pagerduty --user-id user-0)
export EVERYAUTH_STORE_URL="$big"
tbig=$(median "$BIN" identity token pagerduty --user-id user-99999)
unset EVERYAUTH_STORE_URL
printf 'identity token (PostgreSQL), median of %d: 1 identity %.1f ms, 100,000 identities %.1f ms (%.2fx)\n' \
    "$RUNS" "$(python3 -c "print($t1*1000)")" "$(python3 -c "print($tbig*1000)")" "$(python3 -c "print($tbig/$t1)")"
if [ "$ENCRYPT" = 1 ]; then
    export EVERYAUTH_STORE_KEY="$STORE_KEY" EVERYAUTH_STORE_URL="$eone"
    e1=$(median "$BIN" identity token pagerduty --user-id user-0)
    export EVERYAUTH_STORE_URL="$ebig"
    ebig_t=$(median "$BIN" identity token pagerduty --user-id user-99999)
    unset EVERYAUTH_STORE_URL EVERYAUTH_STORE_KEY
    printf 'identity token (PostgreSQL, encrypted), median of %d: 1 identity %.1f ms, 100,000 identities %.1f ms (%.2fx); vs plaintext %.2fx and %.2fx\n' \
        "$RUNS" "$(python3 -c "print($e1*1000)")" "$(python3 -c "print($ebig_t*1000)")" "$(python3 -c "print($ebig_t/$e1)")" \
        "$(python3 -c "print($e1/$t1)")" "$(python3 -c "print($ebig_t/$tbig)")"
fi
if [ "$THROUGHPUT" = 1 ]; then
    # Plaintext and encrypted alternate, twice each, so a change of load on the machine hits both.
    rounds=1
    [ "$ENCRYPT" = 1 ] && rounds=2
    plain_rates=() enc_rates=()
    for _ in $(seq "$rounds"); do
        line=$("$DRIVER" "$big" "$TASKS" "$LOOKUPS" 100000)
        echo "getIdentity from the library, 100,000 identities: $line"
        plain_rates+=("$(echo "$line" | sed -E 's/.*: ([0-9]+) identities\/s/\1/')")
        if [ "$ENCRYPT" = 1 ]; then
            line=$(EVERYAUTH_STORE_KEY="$STORE_KEY" "$DRIVER" "$ebig" "$TASKS" "$LOOKUPS" 100000)
            echo "getIdentity from the library, 100,000 encrypted identities: $line"
            enc_rates+=("$(echo "$line" | sed -E 's/.*: ([0-9]+) identities\/s/\1/')")
        fi
    done
    if [ "$ENCRYPT" = 1 ]; then
        python3 -c "import sys; p = [float(x) for x in sys.argv[1].split()]; e = [float(x) for x in sys.argv[2].split()]; \
r = sum(e) / sum(p); print('getIdentity encrypted / plaintext: %.0f%% (target >= 80%%: %s)' % (r * 100, 'ok' if r >= 0.8 else 'MISSED'))" \
            "${plain_rates[*]}" "${enc_rates[*]}"
    fi
fi
