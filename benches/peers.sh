#!/usr/bin/env bash
# acwh listen against its peers, in one run, on one load generator (oha) and one body: the
# 608-byte AC `subscribe` form body of listen.sh, as keep-alive POSTs for DURATION seconds at
# each connection count. The servers:
#   acwh            acwh listen --color never, stdout to /dev/null (human mode)
#   acwh-json       acwh listen --color never --json, stdout to a file (deleted after the row)
#   acwh-pipe       acwh listen --color never, stdout a pipe (cat to /dev/null): the printer
#                   on a thread of its own, as behind a terminal or `| jq`
#   tiny_http       benches/baseline bare-tiny-http (answers 200, does nothing else)
#   hyper           benches/baseline bare-hyper (answers 200, does nothing else)
#   webhook         Debian's `webhook` (adnanh/webhook): one hook, POST /hooks/ac, answered
#                   with a fixed message; -logfile with -debug, so each request is logged with
#                   its headers and body, and the form body is parsed (its rules need it). With
#                   no execute-command it also logs "error in exec" per request; set
#                   WEBHOOK_EXEC=/bin/true to run a command per request instead (a fork each).
#   webhook-replay  PyPI's webhook-replay `serve`: stores every request in SQLite (one commit
#                   each; --max-captures 0 so none is evicted) and logs a line to stdout (a
#                   file). It closes the connection after each answer, by design, so its
#                   "keep-alive" rows are one connection per request.
# Each is installed when missing: webhook with apt-get, webhook-replay with pip into a venv
# under benches/tools. One that cannot be installed or started is a row saying why.
#
# Usage: benches/peers.sh
#   CONNS="1 10 50"   connection counts (default: 1 10 50)
#   DURATION=10       seconds of load per server and connection count (default: 10)
#   REQ_TIMEOUT=5s    per-request timeout given to oha: a request stuck longer is an error
#   SERVERS="acwh acwh-json acwh-pipe tiny_http hyper webhook webhook-replay"   (default: all)
#   SKIP_BUILD=1      reuse the release binaries already built
#   WAIT_QUIET=20     before each row, wait up to this many seconds for other work on the
#                     machine to drop under 10% of the cores (0: don't wait)
#   OHA=PATH          the oha to use (else benches/tools/bin/oha, oha on PATH, or installed)
#   KEEP=1            keep the work directory (oha JSON, RSS samples, logs, databases)
# Needs: cargo and python3. Touches only 127.0.0.1.
# Results: a Markdown table on stdout, saved with the raw oha JSON under benches/results/
# (git-ignored).
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CONNS=${CONNS:-"1 10 50"}
DURATION=${DURATION:-10}
REQ_TIMEOUT=${REQ_TIMEOUT:-5s}
WAIT_QUIET=${WAIT_QUIET:-20}
SERVERS=${SERVERS:-"acwh acwh-json acwh-pipe tiny_http hyper webhook webhook-replay"}
WEBHOOK_EXEC=${WEBHOOK_EXEC:-}
WR_VERSION=0.1.3
WR_VENV=$HERE/tools/webhook-replay-$WR_VERSION
WR=$WR_VENV/bin/webhook-replay
RESULTS=$HERE/results
STAMP=$(date +%Y%m%d-%H%M%S)
bench_setup peers

wanted() { [[ " $SERVERS " == *" $1 "* ]]; }

# ---------------------------------------------------------------- tools and servers
command -v python3 >/dev/null || { echo "python3 is needed to read oha's JSON" >&2; exit 1; }
find_oha
build_acwh
declare -A BROKEN=() # server -> why it has no numbers
if wanted tiny_http || wanted hyper; then
    build_baselines || log "the baselines did not build"
    [[ -x $TINY ]] || BROKEN[tiny_http]="not built: cargo build of benches/baseline failed"
    [[ -x $HYPER ]] || BROKEN[hyper]="not built: cargo build of benches/baseline failed"
fi
if wanted webhook && ! command -v webhook >/dev/null; then
    apt_install webhook || true
    command -v webhook >/dev/null || BROKEN[webhook]="not installed: apt-get install webhook failed"
fi
if wanted webhook-replay && [[ ! -x $WR ]]; then
    log "installing webhook-replay $WR_VERSION from PyPI into benches/tools"
    { python3 -m venv "$WR_VENV" && "$WR_VENV/bin/pip" install -q "webhook-replay==$WR_VERSION"; } || true
    [[ -x $WR ]] || BROKEN[webhook-replay]="not installed: pip install webhook-replay==$WR_VERSION failed"
fi

# The version each row's server reports (or is pinned to), for the legend.
locked_version() { # $1 crate in benches/baseline/Cargo.lock
    sed -n "/^name = \"$1\"\$/{n;s/^version = \"\(.*\)\"/\1/p;}" "$HERE/baseline/Cargo.lock" | head -n 1
}
version_of() { # $1 what to say if the command $2... fails: prints its first line
    local v
    v=$("${@:2}" 2>/dev/null | head -n 1) || v=""
    echo "${v:-$1}"
}
LABELS=$WORK/labels.tsv
{
    printf 'acwh\tacwh listen\t%s\n' "$(version_of acwh "$ACWH" --version)"
    printf 'acwh-json\tacwh listen --json\t%s\n' "$(version_of acwh "$ACWH" --version)"
    printf 'acwh-pipe\tacwh listen, stdout a pipe\t%s\n' "$(version_of acwh "$ACWH" --version)"
    printf 'tiny_http\tbare tiny_http\ttiny_http %s, 2 handler threads\n' "$(locked_version tiny_http)"
    printf 'hyper\tbare hyper\thyper %s http1, tokio multi-thread, 2 workers\n' "$(locked_version hyper)"
    printf 'webhook\twebhook\t%s (Debian)\n' "$(version_of webhook webhook -version)"
    printf 'webhook-replay\twebhook-replay serve\t%s (PyPI)\n' "$(version_of "webhook-replay $WR_VERSION" "$WR" --version)"
} >"$LABELS"

# webhook's hooks file: the one hook acwh's peers are pointed at.
python3 - "$WORK/hooks.json" "$WEBHOOK_EXEC" <<'PY'
import json, sys
hook = {"id": "ac", "http-methods": ["POST"], "response-message": "ok"}
if sys.argv[2]:
    hook["execute-command"] = sys.argv[2]
json.dump([hook], open(sys.argv[1], "w"))
PY

# ---------------------------------------------------------------- the body
BODY_FILE=$WORK/subscribe.form
write_subscribe_body "$BODY_FILE"
BODY_BYTES=$(wc -c <"$BODY_FILE")

# ---------------------------------------------------------------- one row
# A port nobody listens on now, for webhook (it cannot bind port 0 and say which it got).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until server $1 accepts connections on port $2 (webhook logs its port before binding).
wait_accepting() {
    local i
    for ((i = 0; i < 100; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
        kill -0 "$1" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

# How many requests server $1 (tag $2, stdout $3) says it caught: "-" for the bare floors.
caught_count() {
    local n=-
    case $1 in
    acwh | acwh-pipe)
        n=$(sed -n 's/^acwh listen: \([0-9][0-9]*\) requests\{0,1\}.*/\1/p' "$WORK/$2.stderr" | tail -n 1)
        n=${n:-none}
        ;;
    acwh-json) n=$(wc -l <"$3") ;;
    webhook) n=$(grep -c 'incoming HTTP POST request' "$WORK/$2.log" || true) ;;
    webhook-replay)
        n=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM requests").fetchone()[0])' \
            "$WORK/$2.db" 2>/dev/null) || n=none
        ;;
    esac
    echo "$n"
}

# One server at one connection count: start, sample, load, stop, count; appends a row to
# RUNS as name, conns, tag, status ("ok" or why not), oha's exit, caught, CPU ticks, and how
# busy the machine was without us before/after.
RUNS=$WORK/runs.tsv
bench_one() {
    local name=$1 conns=$2 tag=$1-c$2
    if [[ -n ${BROKEN[$name]:-} ]]; then
        printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\n' "$name" "$conns" "$tag" "${BROKEN[$name]}" >>"$RUNS"
        return 0
    fi
    local err=$WORK/$tag.stderr out=/dev/null announce=$WORK/$tag.stderr prefix='^Listening on'
    local path=/ port=0 cmd
    case $name in
    webhook)
        port=$(free_port)
        announce=$WORK/$tag.log prefix='.* serving hooks on' path=/hooks/ac
        cmd=(webhook -hooks "$WORK/hooks.json" -ip 127.0.0.1 -port "$port" -logfile "$announce" -debug)
        ;;
    webhook-replay)
        out=$WORK/$tag.out announce=$WORK/$tag.out prefix='^webhook-replay listening on'
        cmd=("$WR" --db "$WORK/$tag.db" --no-color serve --host 127.0.0.1 --port 0 --max-captures 0)
        ;;
    *)
        listen_cmd "$name" "$tag" || { echo "unknown server $name" >&2; return 1; }
        cmd=("${CMD[@]}") out=$OUT
        ;;
    esac
    local before
    before=$(wait_quiet)
    log "$tag: ${DURATION}s at $conns connections"
    : >"$err"
    : >"$announce" # exists before the server starts, so wait_port never races its creation
    "${cmd[@]}" >"$out" 2>"$err" &
    local spid=$!
    PIDS=("$spid")
    if ! port=$(wait_port "$spid" "$announce" "$prefix") || ! wait_accepting "$spid" "$port"; then
        stop_server "$spid" "$tag"
        PIDS=()
        local why
        why=$(cat "$err" "$announce" | grep -v '^$' | tail -n 1 | tr '\t' ' ' | cut -c1-120) || true
        printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\n' "$name" "$conns" "$tag" \
            "did not start (exit $STOP_RC): ${why:-no message}" >>"$RUNS"
        return 0
    fi
    sample_rss "$spid" "$WORK/$tag.rss" &
    local rpid=$!
    PIDS+=("$rpid")
    sleep 0.5 # an idle RSS sample or two before the load
    local oha_rc=0
    run_load "$tag" "$conns" "http://127.0.0.1:$port$path" "" || oha_rc=$?
    sleep 0.3 # one more RSS sample after the load
    local ticks
    ticks=$(cpu_ticks "$spid") # read before it is stopped
    stop_server "$spid" "$tag"
    wait "$rpid" 2>/dev/null || true
    PIDS=()
    local caught
    caught=$(caught_count "$name" "$tag" "$out")
    [[ $name != acwh* || $STOP_RC == 0 ]] || caught="$caught(exit $STOP_RC)"
    [[ $out == /dev/null || ${KEEP:-0} == 1 ]] || rm -f "$out" # acwh's --json: hundreds of MB
    printf '%s\t%s\t%s\tok\t%s\t%s\t%s\t%s\n' "$name" "$conns" "$tag" "$oha_rc" "$caught" \
        "$ticks" "$before/$(busy_pct_1s)" >>"$RUNS"
}

# ---------------------------------------------------------------- the runs
log "$SERVERS at $CONNS connections, ${DURATION}s each, $BODY_BYTES-byte body; $(nproc) cores"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$RUNS"
for conns in $CONNS; do
    for name in $SERVERS; do bench_one "$name" "$conns"; done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- the report
mkdir -p "$RESULTS/peers-$STAMP"
REPORT=$RESULTS/peers-$STAMP.md
cp "$RUNS" "$LABELS" "$RESULTS/peers-$STAMP/"
cp "$WORK"/*.json "$RESULTS/peers-$STAMP/" 2>/dev/null || true
write_loadrow_py "$WORK"
COMMAND="CONNS=\"$CONNS\" DURATION=$DURATION benches/peers.sh"
python3 - "$WORK" "$RUNS" "$LABELS" "$DURATION" "$BODY_BYTES" "$(getconf CLK_TCK)" \
    "$LOAD_BEFORE" "$LOAD_AFTER" "$COMMAND" "$("$OHA" --version 2>&1 | head -n 1)" <<'PY' | tee "$REPORT"
import os, sys

sys.path.insert(0, sys.argv[1])
from loadrow import load_row

work, runs, labels, duration, body_bytes, hz, load0, load1, command, oha = sys.argv[1:11]
hz = int(hz)
label, version = {}, {}
for line in open(labels):
    name, text, ver = line.rstrip("\n").split("\t")
    label[name], version[name] = text, ver

rows = []
for line in open(runs):
    name, conns, tag, status, oha_rc, caught, ticks, other = line.rstrip("\n").split("\t")
    r = dict(name=name, conns=int(conns), status=status, caught=caught, other=other)
    if status == "ok":
        r.update(load_row(work, tag, oha_rc))
        r["cpu"] = int(ticks) / hz * 1e6 / r["ok"] if ticks != "-" and r["ok"] else None
    rows.append(r)
by = {(r["name"], r["conns"]): r for r in rows}


def ms(x):
    if x is None:
        return "-"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def ratio(r, floor):
    base = by.get((floor, r["conns"]))
    if r["status"] != "ok" or not base or base["status"] != "ok" or not base["rps"]:
        return "-"
    flag = "*" if base["errors"] or base["non200"] else ""
    return f"{r['rps'] / base['rps']:.2f}{flag}"


print(f"acwh listen and its peers: {int(float(duration))} s of keep-alive POSTs per row (oha), "
      f"the {body_bytes}-byte AC subscribe form body, on 127.0.0.1; "
      f"{os.cpu_count()} cores shared by server and generator.")
print()
print(f"Made by: `{command}`")
print()
print("| server | conns | req/s | p50 ms | p99 ms | CPU µs/req | peak RSS MB | × tiny_http | × hyper |")
print("| --- | --: | --: | --: | --: | --: | --: | --: | --: |")
for r in rows:
    name = label.get(r["name"], r["name"])
    if r["status"] != "ok":
        print(f"| {name} | {r['conns']} | {r['status']} | - | - | - | - | - | - |")
        continue
    cells = [name, str(r["conns"]), "-" if r["rps"] is None else f"{r['rps']:.0f}", ms(r["p50"]),
             ms(r["p99"]), "-" if r["cpu"] is None else f"{r['cpu']:.0f}",
             "-" if r["peak"] is None else f"{r['peak'] / 1024:.1f}",
             ratio(r, "tiny_http"), ratio(r, "hyper")]
    print("| " + " | ".join(cells) + " |")
print()
print("req/s counts answers with status 200 only; CPU is the server process's user + system "
      "time over its whole life divided by those answers; peak RSS is sampled every 200 ms.")
if any(ratio(r, f).endswith("*") for r in rows for f in ("tiny_http", "hyper")):
    print("* the floor itself had errors or non-200 answers in that row.")
print()
print("Servers:")
for name in label:
    if any(r["name"] == name for r in rows):
        print(f"- {label[name]}: {version[name]}")
print(f"- load generator: {oha}")
print()
print("Checks (the server's own count is its summary, lines, log entries or rows):")
print()
print("| server | conns | 200s | non-200 | errors | server's own count | others' CPU % before/after |")
print("| --- | --: | --: | --: | --: | --: | --: |")
problems = []
for r in rows:
    if r["status"] != "ok":
        continue
    print(f"| {label.get(r['name'], r['name'])} | {r['conns']} | {r['ok']} | {r['non200']} | "
          f"{r['errors']} | {r['caught']} | {r['other']} |")
    for kind, n in r["err_kinds"].items():
        problems.append(f"- {r['name']} c={r['conns']}: {n} × {kind}")
    if r["caught"] not in ("-", str(r["ok"])):
        problems.append(f"- {r['name']} c={r['conns']}: the server counted {r['caught']}, "
                        f"oha got {r['ok']} answers with 200")
busiest = max((int(x) for r in rows if r["status"] == "ok" for x in r["other"].split("/")),
              default=0)
print()
print(f"Load average before {load0}, after {load1}; other work around the rows: up to {busiest}% "
      "of all cores" + (" (req/s, ratios and p99 are skewed by it; CPU µs/req less so)."
                         if busiest > 10 else "."))
if problems:
    print()
    print("Problems:")
    print("\n".join(problems))
PY
echo "saved: $REPORT (raw: $RESULTS/peers-$STAMP/)" >&2
