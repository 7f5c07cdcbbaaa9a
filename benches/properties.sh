#!/usr/bin/env bash
# The form decoder's and tree builder's property tests (proptest, in src/form.rs) with more
# cases than CI's 10,000 per property: PROPTEST_CASES=CASES, release build. Also runs the
# module's example tests (the `form::` filter), and prints a table of every test with the
# overall summary.
#
# The properties: decoding never panics on any bytes (and on percent-heavy input, where the
# bad-percent note is exact); encode then decode returns the pairs; the tree keeps every pair
# (one leaf per pair) and the pairs' order under every parent; keys with unbalanced brackets,
# empty keys and deep nesting are handled. Nesting is capped at form::MAX_DEPTH segments:
# deeper segments stay part of the literal key (printed below).
#
# Usage: benches/properties.sh
#   CASES=100000    cases per property (CI runs 10,000)
# Needs: cargo. No network.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
CASES=${CASES:-100000}
WORK=$(mktemp -d /tmp/acwh-bench-props.XXXXXX)
CARGO_PID=""
cleanup() {
    if [[ -n $CARGO_PID ]]; then kill -TERM "$CARGO_PID" 2>/dev/null || true; wait "$CARGO_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '== %s\n' "$*" >&2; }
command -v cargo >/dev/null || { echo "cargo is needed" >&2; exit 1; }

cd "$ROOT"
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building acwh (release; LTO, takes minutes from scratch)"
    cargo build --release --locked --bin acwh
fi
log "building the library's tests (release)"
cargo test --release --locked --lib --no-run

log "running form:: tests with PROPTEST_CASES=$CASES"
T0=$EPOCHREALTIME
RC=0
# Bounded: 100,000 cases a property take a minute or two on 2 cores.
PROPTEST_CASES=$CASES timeout 1800 cargo test --release --locked --lib form:: -- --test-threads=2 \
    >"$WORK/out.txt" 2>"$WORK/err.txt" &
CARGO_PID=$!
wait "$CARGO_PID" || RC=$?
CARGO_PID=""
T1=$EPOCHREALTIME

MAX_DEPTH=$(sed -n 's/^pub const MAX_DEPTH: usize = \([0-9]*\);/\1/p' src/form.rs)
echo
echo "form:: tests, release, PROPTEST_CASES=$CASES per property ($(nproc) cores)"
printf '%-60s %s\n' "test" "result"
grep -E '^test .* \.\.\. ' "$WORK/out.txt" | sed -E 's/^test (.*) \.\.\. (.*)$/\1\t\2/' | sort |
    while IFS=$'\t' read -r name result; do
        kind=""
        grep -q "fn ${name##*::}(" <(sed -n '/proptest! {/,$p' src/form.rs) && kind=" (property, $CASES cases)"
        printf '%-60s %s\n' "$name" "$result$kind"
    done
grep -E '^test result:' "$WORK/out.txt" || true
printf 'wall time: %.1f s; nesting depth capped at form::MAX_DEPTH = %s segments (deeper stays literal key text)\n' \
    "$(awk -v a="$T0" -v b="$T1" 'BEGIN { print b - a }')" "${MAX_DEPTH:-?}"
if [[ $RC != 0 ]]; then
    echo "FAIL (exit $RC)"
    grep -A 30 -E '^failures:|panicked' "$WORK/out.txt" "$WORK/err.txt" | head -60
    exit "$RC"
fi
echo "PASS"
