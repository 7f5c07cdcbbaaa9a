#!/usr/bin/env bash
# `acwh list --json` over a large account: HOOKS webhooks (default 10,000) served by
# `acwh sandbox`, seeded by writing its state file directly (src/sandbox/state.rs), in two
# runs: the sandbox's rate limit off (--no-rate-limit), and on (AC's 5 requests/second).
# Each run is timed under /usr/bin/time -v (Debian package `time`, installed if missing) for
# wall time and peak RSS; the output is checked to be a JSON array of exactly HOOKS webhooks
# with ids 1..HOOKS, and the pages are counted from the sandbox's request log.
#
# acwh's own API client always paces itself to AC's account limit of 5 requests/second, so
# BOTH runs are paced by the client; with the limit on, the sandbox answers 429 to any request
# past 5 in its current fixed 1-second window (the client's window slides, so jitter can do it).
# The best possible pace for P pages is: the first 5 at once, then 5 a second, so the last
# page starts at ceil(P/5)-1 seconds (19.0 s for 100 pages). Goal: within 10% of that with
# the limit on.
#
# Usage: benches/large-account.sh
#   HOOKS=10000     webhooks in the account (pages of 100)
#   SKIP_BUILD=1    reuse target/release/acwh
#   KEEP=1          keep the work directory
# Needs: cargo, python3. Touches only 127.0.0.1.
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
HOOKS=${HOOKS:-10000}
PAGE=100
bench_setup large

# ---------------------------------------------------------------- tools and build
[[ -x /usr/bin/time ]] || apt_install time >/dev/null
command -v python3 >/dev/null || apt_install python3 >/dev/null

build_acwh

# ---------------------------------------------------------------- seed
# The state file as src/sandbox/state.rs's State/Hook serialise it.
seed() { # $1 file
    python3 - "$1" "$HOOKS" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
events = [["subscribe"], ["subscribe", "unsubscribe"], ["update"], ["deal_add", "deal_update"]]
sources = [["api"], ["public", "admin", "api", "system"], ["admin"]]
hooks = [{
    "id": i,
    "name": f"Bench hook {i}",
    "url": f"https://example.com/h/{i}",
    "events": events[i % len(events)],
    "sources": sources[i % len(sources)],
    "listid": i % 7,
    "cdate": "2026-01-01T00:00:00+00:00",
    "active": True,
} for i in range(1, n + 1)]
with open(path, "w") as f:
    json.dump({"format": 1, "api_key": "bench-large-account-key", "next_id": n + 1,
               "webhooks": hooks}, f)
PY
}

# Waits for the sandbox's two export lines on its stderr; prints them.
wait_exports() { # $1 pid, $2 stderr file
    local i
    for ((i = 0; i < 200; i++)); do
        if [[ $(grep -c '^export ACWH_API_\(URL\|KEY\)=' "$2") == 2 ]]; then
            grep '^export ACWH_API_\(URL\|KEY\)=' "$2"
            return 0
        fi
        kill -0 "$1" 2>/dev/null || break
        sleep 0.05
    done
    echo "the sandbox did not print its export lines; its stderr:" >&2
    cat "$2" >&2
    return 1
}

ROWS=$WORK/rows.tsv
: >"$ROWS"

run_one() { # $1 label, $2.. extra sandbox flags
    local label=$1
    shift
    local dir=$WORK/$label
    mkdir -p "$dir"
    seed "$dir/state.json"
    : >"$dir/sandbox.err"
    "$ACWH" sandbox --port 0 --state "$dir/state.json" --color never "$@" 2>"$dir/sandbox.err" &
    local spid=$!
    PIDS+=("$spid")
    local exports url key
    exports=$(wait_exports "$spid" "$dir/sandbox.err")
    url=$(sed -n 's/^export ACWH_API_URL=//p' <<<"$exports")
    key=$(sed -n 's/^export ACWH_API_KEY=//p' <<<"$exports")
    # The exported values may be shell-quoted.
    url=${url//\'/}
    key=${key//\'/}
    local before
    before=$(wc -l <"$dir/sandbox.err")
    sleep 1 # a fresh rate window: nothing else has talked to this sandbox
    local how="with AC's 5 requests/s limit"
    [[ $# -eq 0 ]] || how=$*
    log "$label: acwh list --json over $HOOKS webhooks (sandbox $how)"
    local rc=0 t0 t1
    t0=$EPOCHREALTIME
    ACWH_API_URL=$url ACWH_API_KEY=$key timeout 300 /usr/bin/time -v -o "$dir/time.txt" \
        "$ACWH" list --json --color never >"$dir/out.json" 2>"$dir/list.err" || rc=$?
    t1=$EPOCHREALTIME
    sleep 0.2
    kill -TERM "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
    if [[ $rc != 0 ]]; then
        echo "acwh list failed (exit $rc):" >&2
        cat "$dir/list.err" "$dir/time.txt" >&2
        return 1
    fi
    local wall rss pages r429 check
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$dir/time.txt")
    # Pages = GETs answered 200; a 429 is counted apart (the client waits and asks again).
    pages=$(tail -n +"$((before + 1))" "$dir/sandbox.err" | grep -c '^GET /api/3/webhooks?.* 200$' || true)
    r429=$(tail -n +"$((before + 1))" "$dir/sandbox.err" | grep -c ' 429$' || true)
    check=$(python3 - "$dir/out.json" "$HOOKS" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
ok = isinstance(data, list) and len(data) == n and sorted(int(h["id"]) for h in data) == list(range(1, n + 1))
print(f"{'ok' if ok else 'BAD'}:{len(data) if isinstance(data, list) else 'not-an-array'}")
PY
)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$wall" "$rss" "$pages" "$r429" "$check" \
        "$(stat -c %s "$dir/out.json")" >>"$ROWS"
}

run_one "limit-off" --no-rate-limit
run_one "limit-on"

# ---------------------------------------------------------------- report
EXPECT_PAGES=$(((HOOKS + PAGE - 1) / PAGE))
echo
echo "acwh list --json over $HOOKS webhooks from acwh sandbox ($(nproc) cores)"
echo "note: acwh's client always paces itself to AC's 5 requests/second, so both runs are paced;"
echo "      'best' = first 5 pages at once, then 5 a second = ceil(pages/5)-1 s"
awk -F'\t' -v expect="$EXPECT_PAGES" '
    BEGIN {
        printf "%-10s %8s %10s %6s %5s %8s %9s %13s %7s %7s\n", "sandbox", "wall s", "peak RSS", "pages", "429s", "best s", "wall/best", "webhooks", "JSON MB", "goal"
        fail = 0
    }
    {
        best = int(($4 + 4) / 5) - 1
        if (best < 1) best = 1
        ratio = $2 / best
        split($6, c, ":")
        goal = ($1 == "limit-on") ? ((ratio <= 1.10 && c[1] == "ok" && $4 == expect) ? "PASS" : "FAIL") : "-"
        if (c[1] != "ok" || $4 != expect) fail = 1
        printf "%-10s %8.2f %7.1f MB %6d %5d %8.1f %8.3fx %9s %-3s %7.2f %7s\n", $1, $2, $3 / 1024, $4, $5, best, ratio, c[2], c[1], $7 / 1e6, goal
    }
    END { if (fail) print "FAIL: wrong page count or output" }' "$ROWS"
echo "goal: with the limit on, within 10% of the best possible pace (wall/best <= 1.10)"
echo "429s: the sandbox counts requests in fixed 1 s windows, the client in a sliding one; a 429 costs the client a wait"
# Exit 1 when the output or page count is wrong, or the paced run misses its goal.
awk -F'\t' -v expect="$EXPECT_PAGES" '{
        best = int(($4 + 4) / 5) - 1
        if (best < 1) best = 1
        if ($6 !~ /^ok:/ || $4 != expect || ($1 == "limit-on" && $2 / best > 1.10)) bad = 1
    } END { exit bad }' "$ROWS"
