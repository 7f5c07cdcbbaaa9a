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
