#!/usr/bin/env bash
# acwh listen behind a real terminal: a tmux pane of 80x24, against a bare server that writes
# the same bytes to the same kind of pane with one write per delivery (benches/baseline
# bare-writer, given acwh's own rendering of the delivery, captured first with colour on).
# Both get ROUNDS rounds of DURATION seconds of keep-alive POSTs of the 608-byte subscribe
# body at CONNS connections, alternated; the best of each is compared.
# Goal (issue 19): acwh within 90 % of the bare writer, so the terminal, not acwh, is the limit.
#
# Usage: benches/terminal.sh
#   CONNS=10 DURATION=5 ROUNDS=2 REQ_TIMEOUT=5s
#   SKIP_BUILD=1      reuse the release binaries already built
#   OHA=PATH          the load generator (else benches/tools/bin/oha, else installed)
#   KEEP=1            keep the work directory
# Needs: cargo, tmux (installed from Debian's packages if missing), curl, python3.
# Touches only 127.0.0.1. Results: printed, and saved under benches/results/.
set -euo pipefail
# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup terminal
unset NO_COLOR

CONNS=${CONNS:-10}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-2}
REQ_TIMEOUT=${REQ_TIMEOUT:-5s}
SESSION=acwh-bench-terminal-$$
RESULTS=$HERE/results
mkdir -p "$RESULTS"

command -v tmux >/dev/null || apt_install tmux
command -v curl >/dev/null || apt_install curl
find_oha
build_acwh
build_baselines
BODY_FILE=$WORK/subscribe.form
write_subscribe_body "$BODY_FILE"

stop_session() { tmux kill-session -t "$SESSION" 2>/dev/null || true; }
trap 'stop_session; bench_cleanup' EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until 127.0.0.1:$1 answers a POST (bounded).
wait_answer() {
    local i
    for ((i = 0; i < 200; i++)); do
        curl -s -o /dev/null -X POST --data-binary @"$BODY_FILE" \
            -H 'Content-Type: application/x-www-form-urlencoded' "http://127.0.0.1:$1/" && return 0
        sleep 0.05
    done
    echo "nothing answered on port $1" >&2
    return 1
}

# acwh's rendering of one delivery, at 80 columns with colour on: the bytes the writer writes.
log "capturing acwh's rendering of the delivery"
port=$(free_port)
COLUMNS=80 "$ACWH" listen --port "$port" --color always --count 1 >"$WORK/block" 2>"$WORK/capture.err" &
cap_pid=$!
wait_answer "$port"
wait "$cap_pid" || true
BLOCK_BYTES=$(wc -c <"$WORK/block")
((BLOCK_BYTES > 0)) || { echo "acwh rendered nothing" >&2; exit 1; }

# One row: the server in a fresh 80x24 tmux pane, DURATION s of load, req/s from oha.
row() { # $1 tag, rest: the command
    local tag=$1
    shift
    local port
    port=$(free_port)
    local cmd=("$@")
    cmd=("${cmd[@]//@PORT@/$port}")
    stop_session
    tmux new-session -d -s "$SESSION" -x 80 -y 24 "$(printf '%q ' exec "${cmd[@]}")"
    wait_answer "$port"
    local rc=0
    run_load "$tag" "$CONNS" "http://127.0.0.1:$port/" "" || rc=$?
    stop_session
    python3 - "$WORK/$tag.json" "$rc" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    ok = d.get("statusCodeDistribution", {}).get("200", 0)
    secs = d["summary"]["total"]
    print(f"{ok / secs:.0f}")
except Exception:
    print("0")
PY
}

declare -A BEST=([acwh]=0 [writer]=0)
RUNS=()
for ((r = 1; r <= ROUNDS; r++)); do
    for who in acwh writer; do
        case $who in
        acwh) cmd=("$ACWH" listen --port @PORT@ --color always) ;;
        writer) cmd=("$WRITER" @PORT@ "$WORK/block") ;;
        esac
        log "round $r: $who in an 80x24 tmux pane, ${DURATION}s at $CONNS connections"
        rps=$(row "$who-$r" "${cmd[@]}")
        RUNS+=("$who $r $rps")
        ((rps > BEST[$who])) && BEST[$who]=$rps
    done
done

STAMP=$(date +%Y%m%d-%H%M%S)
{
    echo "command: CONNS=$CONNS DURATION=$DURATION ROUNDS=$ROUNDS benches/terminal.sh"
    echo "$("$ACWH" --version); tmux $(tmux -V | cut -d' ' -f2); a pane of 80x24; block: $BLOCK_BYTES bytes a delivery (acwh's own rendering, colour on)"
    printf '%-8s %5s %8s\n' server round req/s
    for line in "${RUNS[@]}"; do
        read -r who r rps <<<"$line"
        printf '%-8s %5s %8s\n' "$who" "$r" "$rps"
    done
    python3 - "${BEST[acwh]}" "${BEST[writer]}" <<'PY'
import sys
a, w = int(sys.argv[1]), int(sys.argv[2])
ratio = a / w if w else 0
verdict = "PASS" if ratio >= 0.9 else "MISS"
print(f"goal: best acwh / best bare writer >= 0.90: {a} / {w} = {ratio:.3f} {verdict}")
PY
} | tee "$RESULTS/terminal-$STAMP.txt"
