#!/usr/bin/env bash
# CPU per delivery when every delivery is new, so acwh shows each one whole (peers.sh and
# listen.sh send one body over and over, and from the second on acwh shows a duplicate's
# head only). wrk (Debian package, installed if missing) sends, over keep-alive connections,
# one of two sets of bodies, each made unique by a trailing `&bench_n=N`:
#   subscribe   the 608-byte AC `subscribe` form body of listen.sh
#   samples     the 30 AC-shaped samples of `acwh trigger all`, in turn
# to acwh (human, stdout /dev/null; --json, stdout a file; human, stdout a pipe) and to the
# bare hyper floor (benches/baseline), rows alternated over ROUNDS rounds. Reports, per set
# and server, the best req/s and the least CPU µs per request (the server's user + system
# time over its life, divided by the requests wrk counted), and the ratios to bare hyper.
#
# Usage: benches/distinct.sh
#   CONNS=10       keep-alive connections (default 10)
#   DURATION=5     seconds per row (default 5)
#   ROUNDS=2       rounds (default 2)
#   SKIP_BUILD=1   reuse the release binaries already built
#   WAIT_QUIET=20  before each row, wait up to this many seconds for other work to stop
# Needs: cargo, python3. Touches only 127.0.0.1.
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CONNS=${CONNS:-10}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-2}
bench_setup distinct

command -v wrk >/dev/null || apt_install wrk >/dev/null || { echo "wrk is needed" >&2; exit 1; }
build_acwh
build_baselines || { echo "benches/baseline did not build" >&2; exit 1; }

# ---------------------------------------------------------------- the bodies
write_subscribe_body "$WORK/subscribe.bin"
# The 30 samples, as acwh trigger sends them, caught NUL-separated by acwh listen --raw0.
"$ACWH" listen --port 0 --raw0 >"$WORK/samples.bin" 2>"$WORK/catch.err" &
CATCH=$!
PIDS=("$CATCH")
port=$(wait_port "$CATCH" "$WORK/catch.err")
"$ACWH" trigger all --to "http://127.0.0.1:$port/" >/dev/null 2>"$WORK/trigger.err" ||
    { cat "$WORK/trigger.err" >&2; exit 1; }
stop_server "$CATCH" catch
PIDS=()
n=$(tr -cd '\0' <"$WORK/samples.bin" | wc -c)
((n >= 30)) || { echo "caught $n samples, not 30" >&2; exit 1; }

# wrk's script: the bodies of $BODIES (NUL-separated, or one body), in turn, each with a
# counter of its own thread appended so that no two are the same.
cat >"$WORK/distinct.lua" <<'LUA'
local bodies, n, id = {}, 0, 0
local counter = 0
function setup(thread) counter = counter + 1; thread:set("id", counter) end
function init(args)
  local f = assert(io.open(os.getenv("BODIES"), "rb")); local all = f:read("*a"); f:close()
  for b in all:gmatch("([^%z]+)") do bodies[#bodies + 1] = b end
end
function request()
  n = n + 1
  local body = bodies[(n - 1) % #bodies + 1] .. "&bench_n=" .. id .. "-" .. n
  return wrk.format("POST", "/", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
LUA

# ---------------------------------------------------------------- the rows
ROWS=$WORK/rows.tsv
: >"$ROWS"
row() { # $1 set, $2 server
    local set=$1 name=$2 tag=$1-$2 out
    listen_cmd "$name" "$tag"
    local cmd=("${CMD[@]}")
    out=$OUT
    wait_quiet >/dev/null
    "${cmd[@]}" >"$out" 2>"$WORK/$tag.err" &
    local spid=$! port
    PIDS=("$spid")
    port=$(wait_port "$spid" "$WORK/$tag.err")
    local t0 t1
    t0=$(cpu_ticks "$spid")
    BODIES=$WORK/$set.bin wrk -t2 -c"$CONNS" -d"${DURATION}s" -s "$WORK/distinct.lua" \
        "http://127.0.0.1:$port/" >"$WORK/$tag.wrk" 2>&1
    t1=$(cpu_ticks "$spid")
    stop_server "$spid" "$tag"
    PIDS=()
    [[ $out == /dev/null || $out == *.fifo ]] || rm -f "$out"
    rm -f "$WORK/$tag.fifo"
    local reqs
    reqs=$(awk '/requests in/ {print $1}' "$WORK/$tag.wrk")
    if grep -q 'Non-2xx\|Socket errors' "$WORK/$tag.wrk"; then
        log "$tag: $(grep 'Non-2xx\|Socket errors' "$WORK/$tag.wrk")"
    fi
    printf '%s\t%s\t%s\t%s\n' "$set" "$name" "$reqs" "$((t1 - t0))" >>"$ROWS"
    log "$tag: $reqs requests, $((t1 - t0)) ticks"
}
for round in $(seq "$ROUNDS"); do
    for set in subscribe samples; do
        for name in acwh acwh-json acwh-pipe hyper; do
            log "round $round: $set, $name"
            row "$set" "$name"
        done
    done
done

# ---------------------------------------------------------------- the report
python3 - "$ROWS" "$DURATION" "$(getconf CLK_TCK)" "$CONNS" "$ROUNDS" <<'PY'
import sys
rows, duration, hz, conns, rounds = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
best = {}
for line in open(rows):
    s, name, reqs, ticks = line.split("\t")
    reqs, ticks = int(reqs), int(ticks)
    rps, us = reqs / duration, ticks / hz * 1e6 / max(reqs, 1)
    b = best.setdefault((s, name), [0.0, float("inf")])
    b[0], b[1] = max(b[0], rps), min(b[1], us)
label = {"acwh": "acwh listen", "acwh-json": "acwh listen --json",
         "acwh-pipe": "acwh listen, stdout a pipe", "hyper": "bare hyper"}
print(f"Every delivery distinct: wrk, {conns} keep-alive connections, {duration:g} s a row, "
      f"best of {rounds} rounds (req/s) and least of them (CPU).\n")
print("| bodies | server | req/s | CPU µs/req | × hyper req/s | × hyper CPU |")
print("| --- | --- | --: | --: | --: | --: |")
for s in ("subscribe", "samples"):
    floor = best.get((s, "hyper"))
    for name in ("acwh", "acwh-json", "acwh-pipe", "hyper"):
        rps, us = best[(s, name)]
        r = f"{rps / floor[0]:.2f}" if floor else "-"
        c = f"{us / floor[1]:.2f}" if floor else "-"
        print(f"| {s} | {label[name]} | {rps:,.0f} | {us:.1f} | {r} | {c} |")
PY
