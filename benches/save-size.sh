#!/usr/bin/env bash
# What `acwh listen --save` costs: bytes written to the save file per byte received, for an
# AC-style form body (text) and a binary body of several sizes, and the price of `--fsync`
# in requests per second (small bodies, keep-alive) against the default (no fsync).
#
#   size     acwh listen --save FILE --raw; REQS POSTs of each body; then
#            ratio = size of FILE / bytes received (whole requests: request line, headers
#            and body). A line also holds the seq, times, address and the answer, about 300
#            bytes more than the request's own head, so small bodies cost more per byte.
#   fsync    acwh listen --save FILE --raw [--fsync]; CONNS keep-alive connections post a
#            608-byte subscribe form body for DURATION seconds; requests answered 200 per
#            second. The client is python3 asyncio on the same machine, so the no-fsync
#            row is a lower bound on acwh (the client is the bottleneck there); the fsync
#            row is the disk's fdatasync latency, one per request, lines in turn.
#
# Usage: benches/save-size.sh
#   SIZES="1024 16384 262144 1000000"   body sizes in bytes (default; at most 1 MiB, --max-body)
#   REQS=5           requests per size and kind
#   CONNS=4          connections for the fsync rows
#   DURATION=5       seconds per fsync row
#   MODES="default fsync"   which rate rows to run (an acwh without --fsync: MODES=default)
#   SAVE_DIR=DIR     where the save files go (default: the work folder under /tmp); the fsync
#                    cost depends on this file system
#   ACWH_BIN=PATH    measure this acwh binary instead of building the release one
#   SKIP_BUILD=1     reuse target/release/acwh
#   KEEP=1           keep the work directory
# Needs: cargo, python3. Touches only 127.0.0.1.
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SIZES=${SIZES:-"1024 16384 262144 1000000"}
REQS=${REQS:-5}
CONNS=${CONNS:-4}
DURATION=${DURATION:-5}
MODES=${MODES:-"default fsync"}
bench_setup save-size
SAVE_DIR=${SAVE_DIR:-$WORK}

command -v python3 >/dev/null || apt_install python3 >/dev/null
if [[ -n ${ACWH_BIN:-} ]]; then
    ACWH=$ACWH_BIN
else
    build_acwh
fi

# ---------------------------------------------------------------- the client
cat >"$WORK/client.py" <<'PY'
"""size PORT KIND SIZE REQS: posts REQS bodies of KIND (form|binary) and SIZE bytes; prints
the bytes sent (whole requests). rate PORT CONNS SECONDS: posts a 608-byte form body on CONNS
keep-alive connections for SECONDS; prints the requests answered 200 per second."""
import asyncio, os, sys, time

SUBSCRIBE = (b"type=subscribe&date_time=2026-11-23T19%3A32%3A45%2B00%3A00&initiated_from=admin"
             b"&initiated_by=admin&list=1&contact%5Bid%5D=42&contact%5Bemail%5D=jane.doe%40example.com"
             b"&contact%5Bfirst_name%5D=Jane&contact%5Blast_name%5D=Doe&contact%5Bphone%5D=%2B1+312+555+0142"
             b"&contact%5Btags%5D=vip%2C+newsletter&contact%5Bip%5D=203.0.113.24")


def body(kind, size):
    if kind == "binary":
        return os.urandom(size)
    out, i = bytearray(), 0
    while len(out) < size:
        out += b"contact%5Bfields%5D%5B" + str(i).encode() + b"%5D=%7C%7COption+" + str(i).encode() + b"%7C%7C&"
        i += 1
    return bytes(out[:size])


def request(port, ctype, b):
    return (f"POST /hooks/ac?token=t0k HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: {ctype}\r\nUser-Agent: ActiveCampaign/1.0\r\n"
            f"Content-Length: {len(b)}\r\n\r\n").encode() + b


async def exchange(reader, writer, req):
    writer.write(req)
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def size(port, kind, n, reqs):
    ctype = "application/octet-stream" if kind == "binary" else "application/x-www-form-urlencoded"
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sent = 0
    for _ in range(reqs):
        req = request(port, ctype, body(kind, n))
        if await exchange(reader, writer, req) != 200:
            sys.exit("a request was not answered 200")
        sent += len(req)
    print(sent)


async def rate(port, conns, seconds):
    req = request(port, "application/x-www-form-urlencoded", SUBSCRIBE + b"&pad=" + b"x" * (608 - len(SUBSCRIBE) - 5))
    done = [0]
    end = time.monotonic() + seconds

    async def one():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.monotonic() < end:
            if await exchange(reader, writer, req) == 200:
                done[0] += 1

    start = time.monotonic()
    await asyncio.gather(*(one() for _ in range(conns)))
    print(f"{done[0] / (time.monotonic() - start):.0f}")


if sys.argv[1] == "size":
    asyncio.run(size(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])))
else:
    asyncio.run(rate(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])))
PY

# ---------------------------------------------------------------- a listener per row
PORT=""
LISTENER=""
# Starts acwh listen --save $1 with the rest as extra arguments; sets PORT and LISTENER.
start_listen() {
    local file=$1 err=$WORK/listen.err
    shift
    "$ACWH" listen --port 0 --raw --save "$file" "$@" >/dev/null 2>"$err" &
    LISTENER=$!
    PIDS+=("$LISTENER")
    PORT=""
    for _ in $(seq 200); do
        PORT=$(sed -n 's|^Listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$err")
        [[ -n $PORT ]] && return 0
        kill -0 "$LISTENER" 2>/dev/null || break
        sleep 0.05
    done
    echo "acwh listen did not start:" >&2
    cat "$err" >&2
    exit 1
}

stop_listen() {
    kill -TERM "$LISTENER" 2>/dev/null || true
    wait "$LISTENER" 2>/dev/null || true
}

# ---------------------------------------------------------------- size rows
ROWS=()
for kind in form binary; do
    for size in $SIZES; do
        file=$SAVE_DIR/size-$kind-$size.jsonl
        rm -f "$file"
        start_listen "$file"
        log "size: $kind, $size bytes x $REQS"
        sent=$(python3 "$WORK/client.py" size "$PORT" "$kind" "$size" "$REQS")
        stop_listen
        written=$(stat -c %s "$file")
        ROWS+=("$(printf '%-7s %10s %12s %12s %7s' "$kind" "$size" "$sent" "$written" \
            "$(awk -v w="$written" -v s="$sent" 'BEGIN { printf "%.3f", w / s }')")")
        rm -f "$file"
    done
done

# ---------------------------------------------------------------- fsync rows
RATES=()
for mode in $MODES; do
    file=$SAVE_DIR/rate-$mode.jsonl
    rm -f "$file"
    extra=()
    [[ $mode == fsync ]] && extra=(--fsync)
    start_listen "$file" "${extra[@]}"
    log "rate: $mode, $CONNS connections, ${DURATION}s"
    rps=$(python3 "$WORK/client.py" rate "$PORT" "$CONNS" "$DURATION")
    stop_listen
    RATES+=("$(printf '%-20s %10s' "--save${extra:+ --fsync}" "$rps")")
    rm -f "$file"
done

echo "# $0 (SIZES=\"$SIZES\" REQS=$REQS CONNS=$CONNS DURATION=$DURATION SAVE_DIR=$SAVE_DIR)"
echo "# $("$ACWH" --version), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf '%-7s %10s %12s %12s %7s\n' kind body received written ratio
printf '%s\n' "${ROWS[@]}"
echo
printf '%-20s %10s\n' mode "req/s"
printf '%s\n' "${RATES[@]}"
