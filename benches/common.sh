# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run): a private work folder and config,
# cleanup of background servers, Debian installs, and the release build of acwh.
# Callers set `set -euo pipefail` themselves and call `bench_setup NAME` first.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
PIDS=()

log() { printf '== %s\n' "$*" >&2; }

# A work folder under /tmp, and a config folder of its own so no developer's real config
# is ever read. Background servers started into PIDS are stopped on exit.
bench_setup() { # $1 name
    WORK=$(mktemp -d "/tmp/acwh-bench-$1.XXXXXX")
    export ACWH_CONFIG_DIR=$WORK/config NO_COLOR=1
    mkdir -p "$ACWH_CONFIG_DIR"
    unset ACWH_PROFILE ACWH_API_URL ACWH_API_KEY
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

bench_cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [[ ${KEEP:-0} == 1 ]]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}

apt_install() { # $1 package
    log "installing Debian package $1"
    local sudo=()
    if [[ $(id -u) != 0 ]]; then
        command -v sudo >/dev/null || return 1
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1"
}

# Builds acwh in release (unless SKIP_BUILD=1) and sets ACWH to the binary.
build_acwh() {
    local target=${CARGO_TARGET_DIR:-$ROOT/target}
    if [[ ${SKIP_BUILD:-0} != 1 ]]; then
        log "building acwh (release; LTO, takes minutes from scratch)"
        (cd "$ROOT" && cargo build --release --locked --bin acwh)
    fi
    ACWH=$target/release/acwh
    [[ -x $ACWH ]] || { echo "missing binary: $ACWH" >&2; exit 1; }
}

# ---------------------------------------------------------------- HTTP servers under load
# Shared by listen.sh and peers.sh: the load generator, the bare floors, the body they all
# get, and the pieces of one server's row (wait for a quiet machine, wait for the port,
# sample RSS, load, read CPU, stop). The callers keep their own row loop and report.

BASELINE_TARGET=$HERE/baseline/target

# Sets OHA: $OHA when the caller set it, else benches/tools/bin/oha, else oha on PATH, else
# installs oha $OHA_VERSION from crates.io into benches/tools (one time, several minutes).
find_oha() {
    local version=${OHA_VERSION:-1.16.0}
    OHA=${OHA:-}
    if [[ -n $OHA ]]; then
        [[ -x $OHA ]] || { echo "OHA=$OHA is not an executable" >&2; exit 1; }
    elif [[ -x $HERE/tools/bin/oha ]]; then
        OHA=$HERE/tools/bin/oha
    elif command -v oha >/dev/null 2>&1; then
        OHA=$(command -v oha)
    else
        log "installing oha $version from crates.io into benches/tools (one time, several minutes)"
        CARGO_TARGET_DIR=/tmp/acwh-bench-oha-build \
            cargo install oha --locked --version "$version" --root "$HERE/tools"
        OHA=$HERE/tools/bin/oha
    fi
}

# Builds benches/baseline in release (unless SKIP_BUILD=1) and sets TINY and HYPER to the
# bare tiny_http and bare hyper servers; returns cargo's status.
build_baselines() {
    local rc=0
    if [[ ${SKIP_BUILD:-0} != 1 ]]; then
        log "building the baselines (release)"
        CARGO_TARGET_DIR=$BASELINE_TARGET \
            cargo build --release --manifest-path "$HERE/baseline/Cargo.toml" || rc=$?
    fi
    # shellcheck disable=SC2034 # read by the callers
    TINY=$BASELINE_TARGET/release/bare-tiny-http HYPER=$BASELINE_TARGET/release/bare-hyper
    # shellcheck disable=SC2034 # read by terminal.sh
    WRITER=$BASELINE_TARGET/release/bare-writer
    return $rc
}

# Writes AC's subscribe delivery (docs/activecampaign.md#subscribe), with a filled-in
# contact, to $1: 608 bytes.
write_subscribe_body() {
    printf '%s' 'type=subscribe&date_time=2017-11-24T08%3A50%3A26-06%3A00&initiated_by=admin&initiated_from=admin&list=1&contact%5Bid%5D=10&contact%5Bemail%5D=jane%40example.com&contact%5Bfirst_name%5D=Jane&contact%5Blast_name%5D=Doe&contact%5Bphone%5D=%2B1+312+555+0182&contact%5Btags%5D=newsletter%2C+webinar-2024&contact%5Borgname%5D=Example+Inc&contact%5Bip%5D=203.0.113.42&contact%5Bfields%5D%5B1%5D=Option+1&contact%5Bfields%5D%5B2%5D=%7C%7COption+1%7C%7COption+2%7C%7C&contact%5Bfields%5D%5B27%5D=Chicago&contact%5Bcustomer_acct_name%5D=Example+Inc&customer_acct_name=Example+Inc&customer_acct_id=4&orgname=Example+Inc' >"$1"
}

# Sets CMD to the command line of acwh (human or --json) or of a bare floor ($1: acwh,
# acwh-json, acwh-pipe, tiny_http, hyper), each on a free port it announces on stderr, and
# OUT to where its stdout goes ($2: the row's tag). acwh-pipe's stdout is a named pipe that a
# `cat` (started here, ending when acwh closes it) copies to /dev/null: a pipe, unlike a
# file or /dev/null, can stall, so acwh prints from a thread of its own. Returns 1 for any
# other name.
# shellcheck disable=SC2034 # CMD and OUT are read by the callers
listen_cmd() {
    OUT=/dev/null
    case $1 in
    acwh) CMD=("$ACWH" listen --port 0 --color never) ;;
    acwh-pipe)
        CMD=("$ACWH" listen --port 0 --color never)
        OUT=$WORK/$2.fifo
        rm -f "$OUT"
        mkfifo "$OUT"
        cat "$OUT" >/dev/null &
        ;;
    acwh-json)
        CMD=("$ACWH" listen --port 0 --color never --json)
        OUT=$WORK/$2.jsonl
        ;;
    tiny_http) CMD=("$TINY" 0) ;;
    hyper) CMD=("$HYPER" 0) ;;
    *) return 1 ;;
    esac
}

# Samples VmRSS (kB) of $1 every 200 ms into $2 as "epoch_seconds kB", until it exits.
sample_rss() {
    local pid=$1 out=$2 key val _
    while [[ -r /proc/$pid/status ]]; do
        while read -r key val _; do
            if [[ $key == VmRSS: ]]; then
                printf '%s %s\n' "$EPOCHREALTIME" "$val" >>"$out"
                break
            fi
        done <"/proc/$pid/status" 2>/dev/null || break
        sleep 0.2
    done
}

# Waits for "Listening on http://127.0.0.1:PORT" in the file $2 written by server $1; prints
# PORT. $3, a sed regex, replaces "^Listening on" for servers that announce otherwise.
wait_port() {
    local pid=$1 err=$2 prefix=${3:-^Listening on} i port
    for ((i = 0; i < 100; i++)); do
        port=$(sed -n "s|${prefix} http://127\\.0\\.0\\.1:\\([0-9][0-9]*\\).*|\\1|p" "$err" | head -n 1)
        if [[ -n $port ]]; then
            echo "$port"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    echo "server did not announce its port; its stderr:" >&2
    cat "$err" >&2
    return 1
}

# Percent of all cores busy over the next second (from /proc/stat), while nothing of ours runs.
busy_pct_1s() {
    local a b
    read -r -a a < <(head -n 1 /proc/stat)
    sleep 1
    read -r -a b < <(head -n 1 /proc/stat)
    local ta=0 tb=0 i
    for ((i = 1; i <= 8; i++)); do
        ta=$((ta + a[i]))
        tb=$((tb + b[i]))
    done
    local idle=$(((b[4] + b[5]) - (a[4] + a[5]))) total=$((tb - ta))
    echo $((total > 0 ? 100 * (total - idle) / total : 0))
}

# Other work on these cores (a build, tests, another benchmark) skews throughput far more
# than anything measured here: waits up to WAIT_QUIET seconds for it to stop, and prints how
# busy the machine was without us at the end.
wait_quiet() {
    local before waited=0
    before=$(busy_pct_1s)
    while ((before > 10 && waited < ${WAIT_QUIET:-20})); do
        ((waited == 0)) && log "machine ${before}% busy with other work: waiting up to ${WAIT_QUIET:-20}s"
        before=$(busy_pct_1s)
        waited=$((waited + 1))
    done
    echo "$before"
}

# Runs oha against one server: DURATION seconds of keep-alive POSTs of $BODY_FILE.
# $1 tag, $2 conns, $3 URL, $4 extra oha flag or "". Writes $WORK/$tag.json and the load
# window into $WORK/$tag.window; returns oha's status.
run_load() {
    local tag=$1 conns=$2 url=$3 extra=$4 rc=0
    local args=(-z "${DURATION}s" -c "$conns" -w -t "$REQ_TIMEOUT" -m POST
        -T application/x-www-form-urlencoded -D "$BODY_FILE"
        --no-tui --output-format json -o "$WORK/$tag.json")
    [[ -n $extra ]] && args+=("$extra")
    local t0=$EPOCHREALTIME
    # The outer timeout is the stall guard: -w waits for in-flight requests after the
    # deadline, -t bounds each of them, and this bounds everything else.
    timeout --signal=INT --kill-after=5 $((DURATION + 30)) \
        "$OHA" "${args[@]}" "$url" >"$WORK/$tag.oha.out" 2>&1 || rc=$?
    printf '%s %s\n' "$t0" "$EPOCHREALTIME" >"$WORK/$tag.window"
    return $rc
}

# CPU that process $1 has used (user + system, in clock ticks), or "-" once it is gone.
cpu_ticks() {
    local stat
    if stat=$(<"/proc/$1/stat"); then
        stat=${stat##*) }
        read -r -a stat <<<"$stat"
        echo $((stat[11] + stat[12])) # utime, stime (fields 14 and 15 of stat)
    else
        echo -
    fi
}

# Stops server $1 (tag $2) with SIGTERM; one still running 10 s later gets SIGKILL, and the
# log says so. Reaps it and sets STOP_RC to its exit status.
# shellcheck disable=SC2034 # STOP_RC is read by the callers
stop_server() {
    local spid=$1 tag=$2 i state
    kill -TERM "$spid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        state=$(cut -d')' -f2 "/proc/$spid/stat" 2>/dev/null | cut -d' ' -f2) || state=""
        [[ -z $state || $state == Z ]] && break
        sleep 0.1
    done
    if ((i == 100)); then
        log "$tag: server ignored SIGTERM for 10 s; killing it"
        kill -KILL "$spid" 2>/dev/null || true
    fi
    STOP_RC=0
    wait "$spid" 2>/dev/null || STOP_RC=$?
}

# Writes $1/loadrow.py, whose load_row(work, tag, oha_rc) reads one row's oha JSON, load
# window and RSS samples into a dict: answered-200 req/s, p50 and p99 (ms), non-200 and
# error counts, and RSS (kB): peak over the whole life, idle before the load, start (1 s
# into the load) and end (last sample inside it).
write_loadrow_py() {
    cat >"$1/loadrow.py" <<'PY'
import json, os


def load_row(work, tag, oha_rc):
    r = dict(rps=None, p50=None, p99=None, ok=0, non200=0, errors=0, err_kinds={})
    try:
        d = json.load(open(os.path.join(work, tag + ".json")))
        codes = d.get("statusCodeDistribution", {})
        r["ok"] = codes.get("200", 0)
        r["non200"] = sum(n for s, n in codes.items() if s != "200")
        r["err_kinds"] = d.get("errorDistribution", {})
        r["errors"] = sum(r["err_kinds"].values())
        # Answered-200 requests per second of the load window (oha's own total time).
        r["rps"] = r["ok"] / d["summary"]["total"] if d["summary"]["total"] else 0.0
        lp = d.get("latencyPercentiles", {})
        r["p50"] = lp.get("p50") and lp["p50"] * 1e3
        r["p99"] = lp.get("p99") and lp["p99"] * 1e3
    except Exception as e:
        r["err_kinds"] = {f"no oha result ({type(e).__name__}; oha exit {oha_rc})": 1}
        r["errors"] = 1
    t0, t1 = map(float, open(os.path.join(work, tag + ".window")).read().split())
    samples = []
    try:
        for s in open(os.path.join(work, tag + ".rss")):
            t, kb = s.split()
            samples.append((float(t), int(kb)))
    except FileNotFoundError:
        pass
    inload = [kb for t, kb in samples if t0 + 1.0 <= t <= t1] or [kb for t, kb in samples if t0 <= t <= t1]
    r["peak"] = max((kb for _, kb in samples), default=None)
    r["idle"] = next((kb for t, kb in reversed(samples) if t < t0), None)
    r["rss0"] = inload[0] if inload else None
    r["rss1"] = inload[-1] if inload else None
    r["nsamples"] = len(samples)
    return r
PY
}
