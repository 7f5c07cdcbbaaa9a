#!/usr/bin/env bash
# Throughput benchmark for `acwh listen` against two floors, all in one run, on one load
# generator (oha, from crates.io):
#   acwh        acwh listen --color never, stdout to /dev/null (human mode)
#   acwh-json   acwh listen --color never --json, stdout to a file under /tmp (its lines are
#               counted against the generator's successes, then the file is deleted)
#   tiny_http   benches/baseline bare-tiny-http (tiny_http 0.12.0, 2 handler threads)
#   hyper       benches/baseline bare-hyper (hyper 1 http1, tokio multi-thread, 2 workers)
# Each server gets DURATION seconds of keep-alive POSTs of a 608-byte AC `subscribe` form body
# (docs/activecampaign.md#subscribe, padded with realistic contact fields) at each connection
# count.
#
# Usage: benches/listen.sh
#   CONNS="1 10 50"   connection counts (default: 10)
#   DURATION=10       seconds of load per server and connection count (default: 10)
#   REQ_TIMEOUT=5s    per-request timeout given to oha: a request stuck longer is an error
#   SERVERS="acwh acwh-json tiny_http hyper"   which servers to run (default: all four)
#   SKIP_BUILD=1      reuse the release binaries already built
#   WAIT_QUIET=20     before each row, wait up to this many seconds for other work on the
#                     machine to drop under 10% of the cores (0: don't wait)
#   KEEP=1            keep the work directory (oha JSON, RSS samples, acwh's --json output)
# Needs: cargo and python3 (to read oha's JSON). Touches only 127.0.0.1.
# Results: printed, and saved under benches/results/ (git-ignored).
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CONNS=${CONNS:-10}
DURATION=${DURATION:-10}
REQ_TIMEOUT=${REQ_TIMEOUT:-5s}
WAIT_QUIET=${WAIT_QUIET:-20}
SERVERS=${SERVERS:-"acwh acwh-json tiny_http hyper"}
RESULTS=$HERE/results
WORK=$(mktemp -d /tmp/acwh-bench-listen.XXXXXX)
STAMP=$(date +%Y%m%d-%H%M%S)

# ---------------------------------------------------------------- cleanup
# The server and RSS sampler of the row in progress; cleared once reaped, so that a PID the
# system has since reused is never signalled.
SERVER_PID=""
SAMPLER_PID=""
cleanup() {
    local pid
    for pid in $SERVER_PID $SAMPLER_PID; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ ${KEEP:-0} == 1 ]]; then
        echo "work directory kept: $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- load generator
find_oha
command -v python3 >/dev/null || { echo "python3 is needed to read oha's JSON" >&2; exit 1; }

# ---------------------------------------------------------------- builds
ACWH_TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building acwh (release; LTO, takes minutes from scratch)"
    cargo build --release --manifest-path "$ROOT/Cargo.toml" --bin acwh
fi
build_baselines
ACWH=$ACWH_TARGET/release/acwh
for b in "$ACWH" "$TINY" "$HYPER"; do
    [[ -x $b ]] || { echo "missing binary: $b" >&2; exit 1; }
done

# ---------------------------------------------------------------- the body
# AC's subscribe delivery (docs/activecampaign.md#subscribe), with a filled-in contact: 608 bytes.
BODY_FILE=$WORK/subscribe.form
write_subscribe_body "$BODY_FILE"
BODY_BYTES=$(wc -c <"$BODY_FILE")

# ---------------------------------------------------------------- helpers
# One server at one connection count: start, sample, load, stop, verify; appends a row.
RUNS=$WORK/runs.tsv
bench_one() {
    local name=$1 conns=$2 extra=${3:-}
    local tag=$name-c$conns${extra:+-nokeepalive}
    local err=$WORK/$tag.stderr
    listen_cmd "$name" "$tag" || { echo "unknown server $name" >&2; return 1; }
    local cmd=("${CMD[@]}") out=$OUT
    # Record how busy the machine was without us just before and just after the row.
    local before
    before=$(wait_quiet)
    log "$tag: ${DURATION}s at $conns connections${extra:+ ($extra)}"
    : >"$err" # exists before the server starts, so wait_port never races its creation
    "${cmd[@]}" >"$out" 2>"$err" &
    local spid=$!
    SERVER_PID=$spid
    local port
    port=$(wait_port "$spid" "$err")
    sample_rss "$spid" "$WORK/$tag.rss" &
    local rpid=$!
    SAMPLER_PID=$rpid
    sleep 0.5 # an idle RSS sample or two before the load
    local oha_rc=0
    run_load "$tag" "$conns" "http://127.0.0.1:$port/" "$extra" || oha_rc=$?
    sleep 0.3 # one more RSS sample after the load
    # CPU the server used (user + system, clock ticks), read before it is stopped.
    local ticks
    ticks=$(cpu_ticks "$spid")
    # Stop the server: acwh prints its summary on SIGTERM and exits 0.
    stop_server "$spid" "$tag"
    local srv_rc=$STOP_RC
    SERVER_PID=""
    wait "$rpid" 2>/dev/null || true
    SAMPLER_PID=""
    # What the server says it caught.
    local caught=- lines=- lastseq=-
    if [[ $name == acwh* ]]; then
        caught=$(sed -n 's/^acwh listen: \([0-9][0-9]*\) requests\{0,1\}.*/\1/p' "$err" | tail -n 1)
        caught=${caught:-none}
        if [[ $srv_rc != 0 ]]; then caught="$caught(exit $srv_rc)"; fi
    fi
    if [[ $name == acwh-json ]]; then
        lines=$(wc -l <"$out")
        lastseq=$(tail -n 1 "$out" | grep -o '"seq":[0-9]*' | head -n 1 | cut -d: -f2 || true)
        lastseq=${lastseq:-none}
        [[ ${KEEP:-0} == 1 ]] || rm -f "$out" # can be hundreds of MB
    fi
    local other
    other=$before/$(busy_pct_1s)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name${extra:+ (no keep-alive)}" "$conns" "$tag" \
        "$oha_rc" "$caught" "$lines" "$lastseq" "$ticks" "$other" >>"$RUNS"
}

# ---------------------------------------------------------------- the runs
log "oha: $("$OHA" --version 2>&1 | head -n 1); acwh: $("$ACWH" --version 2>&1 | head -n 1); cores: $(nproc)"
log "body: $BODY_BYTES bytes; duration ${DURATION}s; conns: $CONNS; servers: $SERVERS"
: >"$RUNS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for conns in $CONNS; do
    for name in $SERVERS; do
        bench_one "$name" "$conns"
    done
    # tiny_http 0.12 can leave keep-alive connections unanswered (TaskPool race): when its
    # keep-alive run had errors, add a no-keep-alive row for it and for acwh, like for like.
    if [[ " $SERVERS " == *" tiny_http "* ]] &&
        python3 - "$WORK/tiny_http-c$conns.json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    sys.exit(0)  # no JSON at all: the generator was killed, degenerate
bad = sum(d.get("errorDistribution", {}).values()) + sum(
    n for s, n in d.get("statusCodeDistribution", {}).items() if s != "200")
sys.exit(0 if bad else 1)
PY
    then
        log "tiny_http at $conns connections had errors or stalled: adding no-keep-alive rows"
        bench_one tiny_http "$conns" --disable-keepalive
        [[ " $SERVERS " == *" acwh "* ]] && bench_one acwh "$conns" --disable-keepalive
    fi
done

# ---------------------------------------------------------------- the report
mkdir -p "$RESULTS"
REPORT=$RESULTS/listen-$STAMP.txt
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
write_loadrow_py "$WORK"
python3 - "$WORK" "$RUNS" "$DURATION" "$BODY_BYTES" "$LOAD_BEFORE" "$LOAD_AFTER" "$(getconf CLK_TCK)" <<'PY' | tee "$REPORT"
import os, sys

sys.path.insert(0, sys.argv[1])
from loadrow import load_row

work, runs, duration, body_bytes, load0, load1, hz = sys.argv[1:8]
duration, hz = float(duration), int(hz)
GOAL_RATIO, GOAL_P99_MS, GOAL_RSS_MB = 0.6, 2.0, 20.0
# "Flat": RSS at the end of the load is within 1 MiB (or 10%) of RSS 1 s into the load.
FLAT_SLACK_KB = lambda start: max(1024, start * 0.10)

rows = []
for line in open(runs):
    name, conns, tag, oha_rc, caught, lines, lastseq, ticks, other = line.rstrip("\n").split("\t")
    r = dict(name=name, conns=int(conns), tag=tag, oha_rc=int(oha_rc), caught=caught,
             other=other, busiest=max(int(x) for x in other.split("/")),
             ticks=None if ticks == "-" else int(ticks),
             lines=lines, lastseq=lastseq)
    r.update(load_row(work, tag, oha_rc))
    rows.append(r)

mb = lambda kb: "-" if kb is None else f"{kb / 1024:.1f}"
ms = lambda x: "-" if x is None else f"{x:.3f}"
def verdict(ok):
    return "PASS" if ok else "FAIL"

def count_check(r):
    if not r["name"].startswith("acwh"):
        return "-"
    parts = []
    if r["caught"] != str(r["ok"]):
        parts.append(f"summary {r['caught']} != {r['ok']}")
    if r["name"].startswith("acwh-json"):
        if r["lines"] != str(r["ok"]):
            parts.append(f"lines {r['lines']} != {r['ok']}")
        if r["lastseq"] != r["lines"]:
            parts.append(f"last seq {r['lastseq']} != lines {r['lines']}")
    return "equal" if not parts else "DIFFER: " + ", ".join(parts)

def cpu_us(r):
    if r["ticks"] is None or not r["ok"]:
        return "-"
    return f"{r['ticks'] / hz * 1e6 / r['ok']:.0f}"

hdr = ["server", "conns", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "peak RSS MB",
       "RSS start→end MB", "non-200", "errors", "others' CPU % before/after", "acwh count check"]
table = [hdr]
for r in rows:
    table.append([r["name"], str(r["conns"]), "-" if r["rps"] is None else f"{r['rps']:.0f}",
                  ms(r["p50"]), ms(r["p99"]), cpu_us(r), mb(r["peak"]),
                  f"{mb(r['rss0'])}→{mb(r['rss1'])}", str(r["non200"]), str(r["errors"]),
                  r["other"], count_check(r)])
w = [max(len(row[i]) for row in table) for i in range(len(hdr))]
def show(row):
    print("  ".join(c.ljust(w[i]) if i in (0, len(hdr) - 1) else c.rjust(w[i])
                    for i, c in enumerate(row)).rstrip())

print()
print(f"acwh listen throughput: {int(duration)} s per row, oha keep-alive POSTs of a "
      f"{body_bytes}-byte "
      f"AC subscribe form body, {os.cpu_count()} cores shared by server and generator")
busiest = max(r["busiest"] for r in rows)
print(f"load average before {load0}, after {load1}; machine busy without us around rows: "
      f"up to {busiest}% of all cores" + (
    "\nWARNING: other work shared the cores; req/s, ratios and p99 are skewed, CPU µs/req less so"
    if busiest > 10 else ""))
print()
show(table[0])
show(["-" * x for x in w])
for row in table[1:]:
    show(row)

errs = [(r, k, n) for r in rows for k, n in r["err_kinds"].items()]
if errs:
    print()
    print("generator errors:")
    for r, k, n in errs:
        print(f"  {r['name']} c={r['conns']}: {n} × {k}")

print()
print(f"goals: acwh/tiny_http ≥ {GOAL_RATIO}, p99 < {GOAL_P99_MS} ms, peak RSS < {GOAL_RSS_MB:.0f} MB "
      f"and flat (end ≤ start + max(1 MiB, 10%)), every request answered 200 and counted once")
by = {(r["name"], r["conns"]): r for r in rows}
for r in rows:
    if not r["name"].startswith("acwh"):
        continue
    suffix = " (no keep-alive)" if "no keep-alive" in r["name"] else ""
    tiny = by.get(("tiny_http" + suffix, r["conns"]))
    hyper = by.get(("hyper", r["conns"])) if not suffix else None
    out = []
    def ratio(base, label, goal):
        if not base or not base["rps"] or r["rps"] is None:
            return f"acwh/{label} -"
        x = r["rps"] / base["rps"]
        note = " (floor had errors)" if base["errors"] or base["non200"] else ""
        return f"acwh/{label} {x:.2f}" + (f" {verdict(x >= goal)}" if goal else "") + note
    out.append(ratio(tiny, "tiny_http", GOAL_RATIO))
    out.append(ratio(hyper, "hyper", None))
    out.append(f"p99 {ms(r['p99'])} ms {verdict(r['p99'] is not None and r['p99'] < GOAL_P99_MS)}")
    out.append(f"RSS {mb(r['peak'])} MB {verdict(r['peak'] is not None and r['peak'] / 1024 < GOAL_RSS_MB)}")
    flat = r["rss0"] is not None and r["rss1"] <= r["rss0"] + FLAT_SLACK_KB(r["rss0"])
    out.append(f"flat {mb(r['rss0'])}→{mb(r['rss1'])} {verdict(flat)}")
    honest = r["non200"] == 0 and r["errors"] == 0 and count_check(r) == "equal"
    out.append(f"honest {verdict(honest)}")
    print(f"  {r['name']:<26} c={r['conns']:<3} " + "; ".join(out))
PY
echo "saved: $REPORT" >&2
