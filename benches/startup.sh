#!/usr/bin/env bash
# Start-up time of the release binary: `acwh --version` and `acwh events --offline`, each
# against `/bin/true` as the floor (the cost of fork+exec alone), timed by hyperfine (Debian
# package `hyperfine`, installed if missing) or, if that cannot be had, by a loop of RUNS runs
# timed with bash's $EPOCHREALTIME. Also reports the release binary's size.
#
# Usage: benches/startup.sh
#   RUNS=300        runs per command (default 300; hyperfine adds 20 warm-up runs)
#   SKIP_BUILD=1    reuse target/release/acwh
#   NO_HYPERFINE=1  force the plain loop
# Goal: under 5 ms median for each acwh command. Touches no network.
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RUNS=${RUNS:-300}
GOAL_MS=5
# The commands must not read a developer's real config (events --offline does not, but an
# empty folder makes that certain).
bench_setup startup

# ---------------------------------------------------------------- tools and build
HYPERFINE=""
if [[ ${NO_HYPERFINE:-0} != 1 ]]; then
    if ! command -v hyperfine >/dev/null 2>&1; then
        apt_install hyperfine >/dev/null 2>&1 || log "hyperfine unavailable: using a timed loop"
    fi
    HYPERFINE=$(command -v hyperfine || true)
fi
if [[ -n $HYPERFINE ]]; then
    command -v python3 >/dev/null || { echo "python3 is needed to read hyperfine's JSON" >&2; exit 1; }
fi

build_acwh
# Both commands must work before they are timed.
"$ACWH" --version >/dev/null
"$ACWH" events --offline >/dev/null

NAMES=("/bin/true" "acwh --version" "acwh events --offline")
CMDS=("/bin/true" "$ACWH --version" "$ACWH events --offline")

# ---------------------------------------------------------------- measure
# Each function writes "name<TAB>median_ms<TAB>mean_ms<TAB>min_ms<TAB>max_ms<TAB>runs" rows.
ROWS=$WORK/rows.tsv
METHOD=""
if [[ -n $HYPERFINE ]]; then
    METHOD="hyperfine $("$HYPERFINE" --version | awk '{print $2}'), -N (no shell), $RUNS runs + 20 warm-up"
    log "timing with $METHOD"
    "$HYPERFINE" -N --warmup 20 --runs "$RUNS" --style none --output null \
        --export-json "$WORK/hf.json" "${CMDS[@]}" >/dev/null
    python3 - "$WORK/hf.json" "${NAMES[@]}" >"$ROWS" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for name, r in zip(sys.argv[2:], results):
    ms = lambda s: s * 1000
    print(f"{name}\t{ms(r['median']):.3f}\t{ms(r['mean']):.3f}\t{ms(r['min']):.3f}\t{ms(r['max']):.3f}\t{len(r['times'])}")
PY
else
    METHOD="bash loop, \$EPOCHREALTIME around each run, $RUNS runs + 20 warm-up"
    log "timing with $METHOD"
    : >"$ROWS"
    for i in "${!CMDS[@]}"; do
        read -r -a argv <<<"${CMDS[$i]}"
        for ((w = 0; w < 20; w++)); do "${argv[@]}" >/dev/null; done
        samples=$WORK/samples.$i
        : >"$samples"
        for ((r = 0; r < RUNS; r++)); do
            t0=$EPOCHREALTIME
            "${argv[@]}" >/dev/null
            t1=$EPOCHREALTIME
            echo "$t0 $t1" >>"$samples"
        done
        awk -v name="${NAMES[$i]}" '{ d[NR] = ($2 - $1) * 1000; s += d[NR] }
            END {
                n = asort(d)
                med = (n % 2) ? d[(n + 1) / 2] : (d[n / 2] + d[n / 2 + 1]) / 2
                printf "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%d\n", name, med, s / n, d[1], d[n], n
            }' "$samples" >>"$ROWS"
    done
fi

# ---------------------------------------------------------------- report
SIZE=$(stat -c %s "$ACWH")
echo
echo "acwh start-up ($METHOD; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
awk -F'\t' -v goal="$GOAL_MS" '
    NR == 1 { base = $2 }
    { rows[NR] = $0 }
    END {
        printf "%-24s %10s %10s %10s %10s %14s %6s\n", "command", "median ms", "mean ms", "min ms", "max ms", "vs /bin/true", "goal"
        for (i = 1; i <= NR; i++) {
            split(rows[i], f, "\t")
            diff = (i == 1) ? "-" : sprintf("%+.3f ms", f[2] - base)
            ok = (i == 1) ? "" : ((f[2] < goal) ? "PASS" : "FAIL")
            printf "%-24s %10.3f %10.3f %10.3f %10.3f %14s %6s\n", f[1], f[2], f[3], f[4], f[5], diff, ok
        }
    }' "$ROWS"
printf '%-24s %s bytes (%.2f MB, %.2f MiB), stripped, LTO\n' "release binary size" "$SIZE" \
    "$(awk -v s="$SIZE" 'BEGIN { print s / 1000000 }')" "$(awk -v s="$SIZE" 'BEGIN { print s / 1048576 }')"
echo "goal: each acwh command's median under ${GOAL_MS} ms"
# Exit 1 when a goal is missed (the table above says which).
awk -F'\t' -v goal="$GOAL_MS" 'NR > 1 && $2 >= goal { bad = 1 } END { exit bad }' "$ROWS"
