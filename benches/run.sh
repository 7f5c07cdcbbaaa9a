#!/usr/bin/env bash
# Every benchmark and load test of acwh in one command, in turn, each printing its table:
#   startup        benches/startup.sh       acwh --version / events --offline vs /bin/true
#   large-account  benches/large-account.sh acwh list --json over 10,000 sandbox webhooks
#   decode         cargo bench --bench decode   form decoder MB/s
#   noloss         benches/noloss.sh        100,000 requests into listen --save --json
#   properties     benches/properties.sh    form:: property tests, 100,000 cases each
#   save-size      benches/save-size.sh     --save bytes per byte received; --fsync cost
#   memory         benches/memory.sh        listen's peak RSS and latency under 256 MiB bodies
#   listen         benches/listen.sh        listen throughput vs bare servers (if present)
#   peers          benches/peers.sh         listen vs bare servers, webhook, webhook-replay
#   inspector      benches/inspector.sh     listen --ui's cost in throughput and memory
#   terminal       benches/terminal.sh      listen in a tmux pane vs a bare writer
#   distinct       benches/distinct.sh      CPU per delivery when every body is new
# acwh is built once (release, LTO) first; the parts then reuse that build.
# About 7 minutes after the builds on 2 cores (the first builds take several more).
#
# Usage: benches/run.sh [PART...]      (default: all parts, in the order above)
#   Each part's own settings pass through: N (noloss), NOLOSS_CONNS, CASES (properties),
#   HOOKS (large-account), RUNS (startup), BENCH_SECS (decode), SIZE_MIB/BODIES/MODES (memory),
#   CONNS/DURATION/SERVERS (listen, peers), ROUNDS/N (inspector), CONNS/DURATION/ROUNDS
#   (distinct).
#   VERBOSE=1   show each part's progress log (stderr) as it runs; else only on failure
# Touches only 127.0.0.1. Exit status: 0 when every part passed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
WORK=$(mktemp -d /tmp/acwh-bench-run.XXXXXX)
CHILD=""
# shellcheck disable=SC2317  # reached through the EXIT trap below, which shellcheck does not follow
cleanup() {
    if [[ -n $CHILD ]]; then
        kill -TERM -- "-$CHILD" 2>/dev/null || kill -TERM "$CHILD" 2>/dev/null || true
        wait "$CHILD" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ALL=(startup large-account decode noloss properties save-size memory listen peers inspector terminal distinct)
PARTS=("$@")
[[ ${#PARTS[@]} -gt 0 ]] || PARTS=("${ALL[@]}")
for p in "${PARTS[@]}"; do
    [[ " ${ALL[*]} " == *" $p "* ]] || { echo "unknown part: $p (parts: ${ALL[*]})" >&2; exit 2; }
done

log() { printf '== %s\n' "$*" >&2; }

cd "$ROOT"
log "building acwh (release; LTO, takes minutes from scratch)"
cargo build --release --locked --bin acwh
if [[ " ${PARTS[*]} " == *" decode "* ]]; then
    log "building the decode bench (bench profile)"
    cargo bench --locked --bench decode --no-run
fi

# Runs one part in its own process group (so the trap can stop all of it); $1 name, rest argv.
STATUS=()
run_part() {
    local name=$1
    shift
    local t0=$EPOCHREALTIME rc=0
    echo
    echo "################ $name: $*"
    log "$name: running (progress in its log${VERBOSE:+, shown})"
    if [[ ${VERBOSE:-0} == 1 ]]; then
        set -m
        "$@" 2> >(tee "$WORK/$name.err" >&2) &
    else
        set -m
        "$@" 2>"$WORK/$name.err" &
    fi
    CHILD=$!
    set +m
    wait "$CHILD" || rc=$?
    CHILD=""
    local secs
    secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
    if [[ $rc != 0 ]]; then
        echo "!! $name failed (exit $rc); the end of its log:"
        tail -n 30 "$WORK/$name.err"
    fi
    STATUS+=("$name"$'\t'"$rc"$'\t'"$secs")
}

for p in "${PARTS[@]}"; do
    case $p in
    startup) run_part startup env SKIP_BUILD=1 bash "$HERE/startup.sh" ;;
    large-account) run_part large-account env SKIP_BUILD=1 bash "$HERE/large-account.sh" ;;
    decode) run_part decode cargo bench --locked --bench decode ;;
    noloss) run_part noloss env SKIP_BUILD=1 bash "$HERE/noloss.sh" ;;
    properties) run_part properties env SKIP_BUILD=1 bash "$HERE/properties.sh" ;;
    save-size) run_part save-size env SKIP_BUILD=1 bash "$HERE/save-size.sh" ;;
    memory) run_part memory env SKIP_BUILD=1 bash "$HERE/memory.sh" ;;
    listen)
        if [[ -f $HERE/listen.sh ]]; then
            # listen.sh builds its own baselines (acwh is already built, so that is quick).
            run_part listen bash "$HERE/listen.sh"
        else
            STATUS+=("listen"$'\t'"absent"$'\t'"0")
        fi
        ;;
    peers) run_part peers bash "$HERE/peers.sh" ;;
    inspector) run_part inspector env SKIP_BUILD=1 bash "$HERE/inspector.sh" ;;
    terminal) run_part terminal bash "$HERE/terminal.sh" ;;
    distinct) run_part distinct bash "$HERE/distinct.sh" ;;
    esac
done

echo
echo "################ summary ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ))"
printf '%-14s %-8s %8s\n' "part" "result" "seconds"
FAILED=0
for row in "${STATUS[@]}"; do
    IFS=$'\t' read -r name rc secs <<<"$row"
    case $rc in
    0) res=PASS ;;
    absent) res="skipped (no listen.sh)" ;;
    *) res="FAIL($rc)"; FAILED=1 ;;
    esac
    printf '%-14s %-8s %8s\n' "$name" "$res" "$secs"
done
exit "$FAILED"
