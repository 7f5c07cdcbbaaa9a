#!/usr/bin/env bash
# What the inspector (`acwh listen --ui`, issue 18) costs the catcher, measured in one run on
# one load generator (oha, as benches/listen.sh):
#   (a) throughput: `acwh listen --color never` (stdout to /dev/null) with `--ui` and a
#       browser-like client on the inspector (an SSE reader on /api/stream, plus a GET of
#       /api/deliveries?q=jane every second, as the page does while filtered), against the
#       same row without --ui. DURATION seconds of keep-alive POSTs of the 608-byte AC
#       subscribe form body at CONNS connections; the two rows alternate for ROUNDS rounds,
#       and the best of each is compared (other work on a shared machine only ever lowers a
#       row). Goal: with --ui within 10% of without (ratio >= 0.90). A third row, --ui with
#       no client, tells the inspector's own cost from the browser's; and each row shows the
#       CPU acwh spent per request, which other work on the machine skews far less than req/s.
#   (b) memory: 100,000 deliveries into `listen --ui --ui-keep 1000 --json >/dev/null`;
#       VmRSS after 1,000, 10,000 and 100,000. Goal: RSS at 100k within 10% of RSS at 10k.
# Prints a table and PASS/MISS per goal. Exit 0 either way (it is a measurement); 1 when
# something broke (a server that did not start or died, a generator that failed).
#
# Usage: benches/inspector.sh
#   CONNS=10          connections for the throughput rows (default 10, as listen.sh)
#   DURATION=10       seconds per throughput row
#   ROUNDS=2          rounds of the alternating throughput rows
#   ROWS="plain ui-idle ui"   which rows: without --ui, --ui with no client, --ui + browser
#   N=100000          deliveries in the memory run (RSS read at 1k, 10k and N)
#   KEEP_UI=1000      --ui-keep of the memory run
#   PARTS="throughput memory"
#   OHA=PATH          this oha (else benches/tools/bin/oha, then PATH, else installed there
#                     from crates.io, as listen.sh does)
#   SKIP_BUILD=1      reuse target/release/acwh
#   WAIT_QUIET=20     before each throughput row, wait up to this many seconds for other work
#                     on the machine to drop under 10% of the cores (0: don't wait)
#   KEEP=1            keep the work directory (oha JSON, the SSE stream, the polls)
# Needs: cargo, curl, python3 (to read oha's JSON). Touches only 127.0.0.1.
# Results: printed, and saved under benches/results/ (git-ignored).
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CONNS=${CONNS:-10}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-2}
ROW_KINDS=${ROWS:-"plain ui-idle ui"}
N=${N:-100000}
KEEP_UI=${KEEP_UI:-1000}
PARTS=${PARTS:-"throughput memory"}
WAIT_QUIET=${WAIT_QUIET:-20}
RESULTS=$HERE/results
STAMP=$(date +%Y%m%d-%H%M%S)
bench_setup inspector

command -v python3 >/dev/null || apt_install python3 >/dev/null
command -v curl >/dev/null || apt_install curl >/dev/null
find_oha
build_acwh
"$ACWH" listen --help | grep -q -- '--ui-keep' || {
    echo "$ACWH has no listen --ui (the inspector): nothing to measure" >&2
    exit 1
}

# AC's subscribe delivery with a filled-in contact: the body benches/listen.sh sends (608 bytes).
BODY_FILE=$WORK/subscribe.form
write_subscribe_body "$BODY_FILE"

# ---------------------------------------------------------------- helpers
# Takes $1 out of PIDS once it is reaped, so the cleanup never signals a reused PID.
forget() {
    local kept=() p
    for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || kept+=("$p"); done
    PIDS=("${kept[@]}")
}

rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }

# Stops listener $1 (acwh prints its summary on SIGTERM and exits 0; SIGKILL after 10 s).
stop_listener() {
    stop_server "$1" listener
    forget "$1"
}

# oha against port $1 with the tag $2 and the rest as its load (-z 10s, or -n 9000).
load() {
    local port=$1 tag=$2
    shift 2
    timeout --signal=INT --kill-after=5 600 "$OHA" "$@" -c "$CONNS" -w -t 5s -m POST \
        -T application/x-www-form-urlencoded -D "$BODY_FILE" --no-tui --output-format json \
        -o "$WORK/$tag.json" "http://127.0.0.1:$port/" >"$WORK/$tag.oha.out" 2>&1
}

# ---------------------------------------------------------------- (a) throughput
# One row: $1 "plain", "ui-idle" or "ui", $2 round. Appends "kind round tag busy sse polls
# poll_statuses cpu_ticks".
ROWS_TSV=$WORK/rows.tsv
: >"$ROWS_TSV"
throughput_row() {
    local kind=$1 round=$2 tag=$1-$2 args=(listen --port 0 --color never)
    [[ $kind == ui* ]] && args+=(--ui --ui-addr 127.0.0.1:0)
    local busy
    busy=$(wait_quiet)
    log "$tag: ${DURATION}s at $CONNS connections (${args[*]:1})"
    local err=$WORK/$tag.stderr
    : >"$err"
    "$ACWH" "${args[@]}" >/dev/null 2>"$err" &
    local pid=$!
    PIDS+=("$pid")
    local port uiport="" sse_pid="" poll_pid=""
    port=$(wait_port "$pid" "$err")
    [[ $kind == ui* ]] && uiport=$(wait_port "$pid" "$err" "^Inspector on")
    if [[ $kind == ui ]]; then
        # The browser: the live list's stream, and the filtered list fetched every second.
        curl -sN "http://127.0.0.1:$uiport/api/stream" >"$WORK/$tag.sse" 2>/dev/null &
        sse_pid=$!
        PIDS+=("$sse_pid")
        (
            while [[ ! -e $WORK/$tag.stop ]]; do
                curl -s -o /dev/null -w '%{http_code}\n' --max-time 5 \
                    "http://127.0.0.1:$uiport/api/deliveries?q=jane" || echo 000
                sleep 1
            done
        ) >"$WORK/$tag.polls" &
        poll_pid=$!
        PIDS+=("$poll_pid")
        sleep 0.3 # the stream is open before the load
    fi
    local rc=0
    load "$port" "$tag" -z "${DURATION}s" || rc=$?
    touch "$WORK/$tag.stop"
    if [[ -n $poll_pid ]]; then
        wait "$poll_pid" 2>/dev/null || true
        forget "$poll_pid"
    fi
    kill -0 "$pid" 2>/dev/null || { log "$tag: the listener died; its stderr:"; cat "$err" >&2; exit 1; }
    # CPU acwh used (user + system, clock ticks: fields 14 and 15 of its stat), before it stops.
    local stat
    stat=$(<"/proc/$pid/stat")
    stat=${stat##*) }
    read -r -a stat <<<"$stat"
    local ticks=$((stat[11] + stat[12]))
    if [[ -n $sse_pid ]]; then
        kill -TERM "$sse_pid" 2>/dev/null || true
        wait "$sse_pid" 2>/dev/null || true
        forget "$sse_pid"
    fi
    stop_listener "$pid"
    ((rc == 0)) || { log "$tag: oha failed ($rc):"; cat "$WORK/$tag.oha.out" >&2; exit 1; }
    local sse=- polls=- statuses=-
    if [[ $kind == ui ]]; then
        sse=$(grep -c '^event: delivery' "$WORK/$tag.sse" || true)
        polls=$(wc -l <"$WORK/$tag.polls")
        statuses=$(sort -u "$WORK/$tag.polls" | paste -sd, -)
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$round" "$tag" "$busy" "$sse" "$polls" \
        "${statuses:--}" "$ticks" >>"$ROWS_TSV"
}

# ---------------------------------------------------------------- (b) memory
MEM=$WORK/memory.tsv
: >"$MEM"
memory_run() {
    local err=$WORK/mem.stderr
    : >"$err"
    "$ACWH" listen --port 0 --color never --ui --ui-addr 127.0.0.1:0 --ui-keep "$KEEP_UI" \
        --json >/dev/null 2>"$err" &
    local pid=$!
    PIDS+=("$pid")
    local port uiport
    port=$(wait_port "$pid" "$err")
    uiport=$(wait_port "$pid" "$err" "^Inspector on")
    printf 'start\t0\t%s\n' "$(rss_kb "$pid")" >>"$MEM"
    local sent=0 target n
    for target in 1000 10000 "$N"; do
        ((target > sent)) || continue
        n=$((target - sent))
        log "memory: $n deliveries (to $target)"
        load "$port" "mem-$target" -n "$n" || { log "oha failed:"; cat "$WORK/mem-$target.oha.out" >&2; exit 1; }
        sent=$target
        # The inspector has taken the last one (bounded wait: it is kept off the answer path).
        local i
        for ((i = 0; i < 100; i++)); do
            [[ $(curl -s "http://127.0.0.1:$uiport/api/deliveries?after=$((sent - 1))") == '[{'* ]] && break
            sleep 0.1
        done
        ((i < 100)) || log "memory: delivery $sent not shown by the inspector within 10 s"
        kill -0 "$pid" 2>/dev/null || { log "the listener died; its stderr:"; cat "$err" >&2; exit 1; }
        printf '%s\t%s\t%s\n' "mem-$target" "$sent" "$(rss_kb "$pid")" >>"$MEM"
    done
    stop_listener "$pid"
}

# ---------------------------------------------------------------- the runs
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "oha: $("$OHA" --version 2>&1 | head -n 1); acwh: $("$ACWH" --version); cores: $(nproc)"
if [[ " $PARTS " == *" throughput "* ]]; then
    for ((r = 1; r <= ROUNDS; r++)); do
        for kind in $ROW_KINDS; do
            throughput_row "$kind" "$r"
        done
    done
fi
if [[ " $PARTS " == *" memory "* ]]; then memory_run; fi

# ---------------------------------------------------------------- the report
mkdir -p "$RESULTS"
REPORT=$RESULTS/inspector-$STAMP.txt
COMMAND="CONNS=$CONNS DURATION=$DURATION ROUNDS=$ROUNDS ROWS=\"$ROW_KINDS\" N=$N KEEP_UI=$KEEP_UI PARTS=\"$PARTS\" benches/inspector.sh"
python3 - "$WORK" "$ROWS_TSV" "$MEM" "$COMMAND" "$("$ACWH" --version)" "$LOAD_BEFORE" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" "$CONNS" "$DURATION" "$KEEP_UI" "$(getconf CLK_TCK)" <<'PY' | tee "$REPORT"
import json, os, sys

work, rows_path, mem_path, command, version, load0, load1, conns, duration, keep, hz = sys.argv[1:12]
hz = int(hz)
GOAL_RATIO, GOAL_FLAT = 0.90, 0.10
print(f"command: {command}")
print(f"{version}; {os.cpu_count()} cores shared by acwh, oha and the browser-like client; "
      f"load average before {load0}, after {load1}")

def oha(tag):
    d = json.load(open(os.path.join(work, tag + ".json")))
    codes = d.get("statusCodeDistribution", {})
    ok = codes.get("200", 0)
    bad = sum(n for s, n in codes.items() if s != "200") + sum(d.get("errorDistribution", {}).values())
    total = d["summary"]["total"]
    p99 = (d.get("latencyPercentiles", {}).get("p99") or 0) * 1e3
    return ok, bad, (ok / total if total else 0.0), p99

rows = [line.rstrip("\n").split("\t") for line in open(rows_path)]
if rows:
    print()
    print(f"(a) throughput: {duration} s per row at {conns} connections, 608-byte AC subscribe form")
    hdr = ["row", "round", "req/s", "p99 ms", "CPU µs/req", "non-200", "others busy %",
           "SSE events", "polls (status)"]
    table = [hdr]
    best, cpu = {}, {}
    names = {"plain": "listen", "ui-idle": "listen --ui (no client)", "ui": "listen --ui + browser"}
    for kind, rnd, tag, busy, sse, polls, statuses, ticks in rows:
        ok, bad, rps, p99 = oha(tag)
        us = int(ticks) / hz * 1e6 / ok if ok else 0.0
        best[kind] = max(best.get(kind, 0.0), rps)
        cpu[kind] = min(cpu.get(kind, us), us)
        table.append([names[kind], rnd, f"{rps:.0f}", f"{p99:.3f}", f"{us:.0f}", str(bad), busy,
                      "-" if sse == "-" else f"{sse} of {ok}",
                      "-" if polls == "-" else f"{polls} ({statuses})"])
    w = [max(len(r[i]) for r in table) for i in range(len(hdr))]
    for i, r in enumerate(table):
        print("  ".join(c.ljust(w[j]) if j == 0 else c.rjust(w[j]) for j, c in enumerate(r)).rstrip())
        if i == 0:
            print("  ".join("-" * x for x in w))
    if best.get("plain") and "ui" in best:
        ratio = best["ui"] / best["plain"]
        verdict = "PASS" if ratio >= GOAL_RATIO else "MISS"
        print(f"goal: best with --ui + browser / best without >= {GOAL_RATIO:.2f}: "
              f"{best['ui']:.0f} / {best['plain']:.0f} = {ratio:.3f} {verdict}")
    for kind in ("ui-idle", "ui"):
        if kind in cpu and cpu.get("plain"):
            print(f"  {names[kind]}: best req/s {best[kind] / best['plain']:.3f} of without; "
                  f"least CPU per request {cpu[kind]:.0f} µs vs {cpu['plain']:.0f} µs "
                  f"({cpu[kind] / cpu['plain'] - 1:+.0%})")
    if any(int(b) > 10 for b in (r[3] for r in rows)):
        print("WARNING: other work shared the cores during some rows; req/s are skewed")

mem = [line.rstrip("\n").split("\t") for line in open(mem_path)]
if mem:
    print()
    print(f"(b) memory: listen --ui --ui-keep {keep} --json >/dev/null, VmRSS after each count")
    print(f"{'deliveries':>10}  {'RSS MiB':>8}")
    print(f"{'-' * 10}  {'-' * 8}")
    rss = {}
    for tag, sent, kb in mem:
        rss[int(sent)] = int(kb)
        print(f"{int(sent):>10}  {int(kb) / 1024:>8.1f}")
    last = max(rss)
    if 10000 in rss and last > 10000:
        growth = rss[last] / rss[10000] - 1
        verdict = "PASS" if growth <= GOAL_FLAT else "MISS"
        print(f"goal: RSS at {last} within {GOAL_FLAT:.0%} of RSS at 10000: "
              f"{rss[last] / 1024:.1f} vs {rss[10000] / 1024:.1f} MiB ({growth:+.1%}) {verdict}")
PY
echo "saved: $REPORT" >&2
