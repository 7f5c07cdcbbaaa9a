#!/usr/bin/env bash
# Memory and responsiveness of `acwh listen` under huge bodies (release build, --max-body 1G):
# for each case, a fresh listener (stdout to /dev/null) takes one SIZE_MIB body from curl
# while a python3 client sends small form deliveries over one keep-alive connection, one at
# a time, for as long as the big one is in flight. Then the listener's peak RSS (VmHWM) is
# read before it is stopped.
#   nul        SIZE_MIB of NUL bytes, application/octet-stream (valid UTF-8: shown as text,
#              every byte escaped when shown)
#   nul-form   the same bytes as curl --data-binary sends them (a form content type: one key)
#   form       type=big&data=aaaa... as application/x-www-form-urlencoded
# The table: peak RSS, peak RSS / body size, (peak - RSS at start) / body size, the big
# request's time and status, and the
# small deliveries' count, worst latency and status (all must be 200).
# Goal (README, "Huge bodies"): peak RSS below 3x the body; small deliveries within
# 100 ms meanwhile, all answered 200. Checked for the human view (exit 1 when a row misses
# it); --json rows are shown, not checked (the whole body is in each line).
#
# Usage: benches/memory.sh
#   SIZE_MIB=256      body size
#   BODIES="nul nul-form form"
#   MODES="human"     listener modes: human (default view) and/or json (--json)
#   ACWH=PATH         measure this binary instead of building (e.g. an older build)
#   SKIP_BUILD=1      reuse target/release/acwh
#   KEEP=1            keep the work directory
# Needs: cargo, curl, python3. Touches only 127.0.0.1.
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SIZE_MIB=${SIZE_MIB:-256}
BODIES=${BODIES:-"nul nul-form form"}
MODES=${MODES:-human}
bench_setup memory

command -v python3 >/dev/null || apt_install python3 >/dev/null
command -v curl >/dev/null || apt_install curl >/dev/null
if [[ -z ${ACWH:-} ]]; then build_acwh; fi
[[ -x $ACWH ]] || { echo "missing binary: $ACWH" >&2; exit 1; }

# ---------------------------------------------------------------- the bodies
BYTES=$((SIZE_MIB << 20))
log "writing the ${SIZE_MIB} MiB bodies"
head -c "$BYTES" /dev/zero >"$WORK/nul.bin"
{ printf 'type=big&data='; head -c $((BYTES - 14)) /dev/zero | tr '\0' a; } >"$WORK/form.txt"

# ---------------------------------------------------------------- the small client
cat >"$WORK/small.py" <<'PY'
"""Sends small form POSTs over one keep-alive connection, one at a time, until the file
argv[2] exists; creates the file argv[3] once the first is answered; prints
"count worst_ms statuses" (statuses: the distinct ones, comma-joined)."""
import http.client, os, sys, time

port, stop, ready = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
body = b"type=subscribe&contact%5Bemail%5D=jane%40example.com"
headers = {"Content-Type": "application/x-www-form-urlencoded"}
count, worst, statuses = 0, 0.0, set()
while not os.path.exists(stop) and count < 1_000_000:
    t0 = time.perf_counter()
    conn.request("POST", "/small", body, headers)
    resp = conn.getresponse()
    resp.read()
    worst = max(worst, time.perf_counter() - t0)
    statuses.add(resp.status)
    count += 1
    if count == 1:
        open(ready, "w").close()
print(count, f"{worst * 1000:.1f}", ",".join(str(s) for s in sorted(statuses)))
PY

# ---------------------------------------------------------------- one case
# Waits for "Listening on http://127.0.0.1:PORT" on the listener's stderr; prints PORT.
wait_port() { # $1 stderr file
    local i port
    for ((i = 0; i < 100; i++)); do
        port=$(sed -n 's|^Listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$1" | head -n 1)
        if [[ -n $port ]]; then echo "$port"; return 0; fi
        sleep 0.1
    done
    echo "the listener announced no port" >&2
    return 1
}

vm() { # $1 pid, $2 field (VmHWM, VmRSS): kB
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

run_case() { # $1 mode, $2 case
    local mode=$1 case=$2 file ctype args=(listen --port 0 --max-body 1G) pid port
    case $case in
        nul) file=$WORK/nul.bin ctype=application/octet-stream ;;
        nul-form) file=$WORK/nul.bin ctype=application/x-www-form-urlencoded ;;
        form) file=$WORK/form.txt ctype=application/x-www-form-urlencoded ;;
        *) echo "unknown case: $case" >&2; exit 2 ;;
    esac
    [[ $mode == json ]] && args+=(--json)
    "$ACWH" "${args[@]}" >/dev/null 2>"$WORK/err.$mode.$case" &
    pid=$!
    PIDS+=("$pid")
    port=$(wait_port "$WORK/err.$mode.$case")
    local base_kb
    base_kb=$(vm "$pid" VmRSS)
    rm -f "$WORK/stop" "$WORK/ready"
    python3 "$WORK/small.py" "$port" "$WORK/stop" "$WORK/ready" >"$WORK/small.out" &
    local small=$! i=0
    while [[ ! -e $WORK/ready && $i -lt 100 ]]; do sleep 0.1; i=$((i + 1)); done
    local big
    big=$(curl -s -o /dev/null --max-time 300 -w '%{http_code} %{time_total}' \
        -H "Content-Type: $ctype" --data-binary "@$file" "http://127.0.0.1:$port/big" || echo "000 -")
    touch "$WORK/stop"
    wait "$small" || true
    local hwm_kb
    hwm_kb=$(vm "$pid" VmHWM)
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    local count worst statuses
    read -r count worst statuses <"$WORK/small.out" || true
    awk -v m="$mode" -v c="$case" -v hwm="$hwm_kb" -v base="$base_kb" -v bytes="$BYTES" \
        -v big="$big" -v n="$count" -v w="$worst" -v s="$statuses" 'BEGIN {
            split(big, b, " ")
            ratio = hwm * 1024 / bytes
            miss = (m == "human" && (ratio >= 3 || w + 0 >= 100 || s != "200" || b[1] != "200"))
            printf "%-6s %-9s %9.1f %7.2f %8.2f %7.2f %6s %7s %9s %8s%s\n", m, c, hwm / 1024,
                ratio, (hwm - base) * 1024 / bytes, b[2], b[1], n, w, s, miss ? "  MISSED" : ""
            exit miss
        }' || MISSED=1
    log "$mode $case: start RSS $((base_kb / 1024)) MiB"
}

# ---------------------------------------------------------------- the table
echo "command: SIZE_MIB=$SIZE_MIB BODIES=\"$BODIES\" MODES=\"$MODES\" ACWH=$ACWH benches/memory.sh"
echo "acwh: $("$ACWH" --version)  body: $SIZE_MIB MiB  listen --max-body 1G, stdout to /dev/null"
printf "%-6s %-9s %9s %7s %8s %7s %6s %7s %9s %8s\n" mode case "peak MiB" "x body" \
    "growth x" "big s" status small "worst ms" statuses
MISSED=0
for mode in $MODES; do
    for c in $BODIES; do
        run_case "$mode" "$c"
    done
done
exit "$MISSED"
