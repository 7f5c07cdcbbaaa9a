#!/usr/bin/env bash
# No loss under load: `acwh listen --save FILE --json > OUT` (release build) takes N requests
# (default 100,000) over CONNS (default 50, env NOLOSS_CONNS) concurrent keep-alive connections, each with a
# distinct body, from a small python3 asyncio client on raw sockets that records which
# requests were answered 200. Then every request answered 200 must appear exactly once in
# FILE and exactly once in OUT (each line's `body`, or `body_base64` when the body is not kept
# as text), byte-identical, which is checked by comparing SHA-256 hashes.
#
# Bodies are AC-shaped form bodies (subscribe / update / deal_add envelopes with contact
# fields) of varying length, with a unique id in them; one in every 97 also carries raw
# non-UTF-8 bytes, so both of the --json output's body fields are exercised.
#
# fsync policy of --save: each request's line is written with one write(2) on an append-mode
# file and flushed to the OS before the request is answered; acwh does not fsync, so an
# answered request survives acwh being killed, but not a power loss or kernel crash.
#
# Usage: benches/noloss.sh
#   N=100000        requests
#   NOLOSS_CONNS=50 concurrent keep-alive connections (not CONNS, which listen.sh uses)
#   SKIP_BUILD=1    reuse target/release/acwh
#   KEEP=1          keep the work directory (FILE and OUT can be hundreds of MB)
# Needs: cargo, python3. Touches only 127.0.0.1.
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N=${N:-100000}
CONNS=${NOLOSS_CONNS:-50}
bench_setup noloss

command -v python3 >/dev/null || apt_install python3 >/dev/null

build_acwh

# ---------------------------------------------------------------- the client
cat >"$WORK/client.py" <<'PY'
"""Sends N distinct POSTs over CONNS keep-alive connections; writes one line per request:
"id status sha256" (status 0 when no answer came). Prints a summary line as JSON."""
import asyncio, hashlib, json, sys, time

port, n, conns, out_path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
EVENTS = ["subscribe", "update", "deal_add", "contact_tag_added", "unsubscribe"]


def body(i: int) -> bytes:
    ev = EVENTS[i % len(EVENTS)]
    parts = [
        f"type={ev}", "date_time=2026-11-23T19%3A32%3A45%2B00%3A00",
        "initiated_from=admin", "initiated_by=admin", f"list={i % 3}",
        f"contact%5Bid%5D={i}", f"contact%5Bemail%5D=user{i}%40example.com",
        "contact%5Bfirst_name%5D=Jane", "contact%5Blast_name%5D=Doe",
        "contact%5Bphone%5D=%2B1+312+555+0142", "contact%5Btags%5D=vip%2C+newsletter",
        "contact%5Bip%5D=203.0.113.24",
    ]
    for f in range(i % 13):  # 0..12 custom fields: bodies of varying length
        parts.append(f"contact%5Bfields%5D%5B{f + 1}%5D=%7C%7COption+{f}%7C%7COption+{i % 7}%7C%7C")
    if ev == "deal_add":
        parts += [f"deal%5Bid%5D={i * 3}", "deal%5Btitle%5D=Example+deal", "deal%5Bvalue%5D=1200.00"]
    data = "&".join(parts).encode()
    if i % 97 == 0:
        data += b"&raw=\xff\xfe\x80"  # not UTF-8: --json shows it as body_base64
    return data


async def worker(ids, results, stats):
    reader = writer = None
    for i in ids:
        b = body(i)
        req = (f"POST /hook/{i} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Content-Type: application/x-www-form-urlencoded\r\nUser-Agent: ActiveCampaign/1.0\r\n"
               f"Content-Length: {len(b)}\r\n\r\n").encode() + b
        status = 0
        # No retries: a request that got no answer may or may not have reached acwh, and it
        # was not answered 200, so it is only counted (a retry would send the body twice).
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                stats["connects"] += 1
            writer.write(req)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ")[1])
            length, close = 0, False
            for h in lines[1:]:
                k, _, v = h.partition(":")
                k = k.strip().lower()
                if k == "content-length":
                    length = int(v.strip())
                elif k == "connection" and v.strip().lower() == "close":
                    close = True
                elif k == "transfer-encoding":
                    raise ValueError("chunked answer not expected")
            if length:
                await asyncio.wait_for(reader.readexactly(length), 30)
            if close:
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError) as e:
            stats["errors"] += 1
            stats["last_error"] = repr(e)
            if writer is not None:
                writer.close()
            reader = writer = None
        results.append((i, status, hashlib.sha256(b).hexdigest()))
    if writer is not None:
        writer.close()


async def main():
    results, stats = [], {"connects": 0, "errors": 0, "last_error": None}
    t0 = time.monotonic()
    await asyncio.gather(*(worker(range(c, n, conns), results, stats) for c in range(conns)))
    elapsed = time.monotonic() - t0
    with open(out_path, "w") as f:
        for i, status, h in sorted(results):
            f.write(f"{i} {status} {h}\n")
    ok = sum(1 for _, s, _ in results if s == 200)
    print(json.dumps({"sent": len(results), "ok": ok, "elapsed": elapsed, **stats}))


asyncio.run(main())
PY

cat >"$WORK/verify.py" <<'PY'
"""Checks that every request answered 200 is in FILE and OUT exactly once, byte-identical."""
import base64, collections, hashlib, json, sys

sent_path, file_path, out_path = sys.argv[1:4]
answered = {}  # sha256 -> id, for requests answered 200
statuses = collections.Counter()
for line in open(sent_path):
    i, status, h = line.split()
    statuses[status] += 1
    if status == "200":
        answered[h] = int(i)


def tally(path, field):
    counts, lines, paths_bad = collections.Counter(), 0, 0
    with open(path, "rb") as f:
        for raw in f:
            lines += 1
            d = json.loads(raw)
            # FILE and OUT alike: `body` when the body is kept as text, else `body_base64`.
            b = d["body"].encode("utf-8") if d.get("body") is not None else base64.b64decode(d["body_base64"])
            h = hashlib.sha256(b).hexdigest()
            counts[h] += 1
            if h in answered and d["path"] != f"/hook/{answered[h]}":
                paths_bad += 1
    once = sum(1 for h in answered if counts[h] == 1)
    missing = sum(1 for h in answered if counts[h] == 0)
    dup = sum(1 for h in answered if counts[h] > 1)
    extra = sum(c for h, c in counts.items() if h not in answered)
    return {"lines": lines, "once": once, "missing": missing, "dup": dup, "extra": extra, "paths_bad": paths_bad}


res = {"answered_200": len(answered), "statuses": dict(statuses),
       "file": tally(file_path, "file"), "out": tally(out_path, "out")}
print(json.dumps(res))
PY

# ---------------------------------------------------------------- run
FILE=$WORK/save.jsonl
OUT=$WORK/out.jsonl
ERR=$WORK/listen.err
: >"$ERR"
log "starting acwh listen --port 0 --save FILE --json > OUT"
"$ACWH" listen --port 0 --color never --save "$FILE" --json >"$OUT" 2>"$ERR" &
LPID=$!
PIDS+=("$LPID")
PORT=""
for ((i = 0; i < 100; i++)); do
    PORT=$(sed -n 's|^Listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$ERR" | head -n 1)
    [[ -n $PORT ]] && break
    kill -0 "$LPID" 2>/dev/null || break
    sleep 0.05
done
[[ -n $PORT ]] || { echo "acwh listen did not announce its port:" >&2; cat "$ERR" >&2; exit 1; }

log "driving $N requests over $CONNS keep-alive connections (python3 asyncio)"
SUMMARY=$(timeout 900 python3 "$WORK/client.py" "$PORT" "$N" "$CONNS" "$WORK/sent.txt")
# Peak RSS of the listener, read before it stops.
HWM=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$LPID/status" 2>/dev/null || echo 0)
kill -TERM "$LPID"
LRC=0
wait "$LPID" || LRC=$?
CAUGHT=$(sed -n 's/^acwh listen: \([0-9][0-9]*\) requests\{0,1\}.*/\1/p' "$ERR" | tail -n 1)

log "verifying by SHA-256 ($(du -h "$FILE" | cut -f1) in FILE, $(du -h "$OUT" | cut -f1) in OUT)"
VERDICT=$(python3 "$WORK/verify.py" "$WORK/sent.txt" "$FILE" "$OUT")

# ---------------------------------------------------------------- report
python3 - "$SUMMARY" "$VERDICT" "$N" "$CONNS" "${CAUGHT:-?}" "$LRC" "$HWM" <<'PY'
import json, sys
s, v = json.loads(sys.argv[1]), json.loads(sys.argv[2])
n, conns, caught, lrc, hwm = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], int(sys.argv[7])
print()
print(f"acwh listen --save FILE --json > OUT: {n} requests, {conns} keep-alive connections, distinct bodies")
print(f"client: {s['elapsed']:.1f} s, {s['sent'] / s['elapsed']:.0f} req/s (bound by the python client; see listen.sh for throughput), {s['connects']} connections opened, "
      f"{s['errors']} client errors; statuses {v['statuses']}; listener peak RSS {hwm / 1024:.1f} MB, "
      f"exit {lrc}, says it caught {caught}")
print(f"{'where':<6} {'lines':>8} {'answered 200':>13} {'exactly once':>13} {'missing':>8} {'twice+':>7} {'not-200 extra':>14} {'verdict':>8}")
ok_all = s["sent"] == n and v["answered_200"] > 0 and lrc == "0"
for name in ("file", "out"):
    t = v[name]
    ok = t["once"] == v["answered_200"] and t["missing"] == 0 and t["dup"] == 0 and t["paths_bad"] == 0
    ok_all = ok_all and ok
    print(f"{name.upper():<6} {t['lines']:>8} {v['answered_200']:>13} {t['once']:>13} {t['missing']:>8} {t['dup']:>7} {t['extra']:>14} {'PASS' if ok else 'FAIL':>8}")
print("comparison: SHA-256 of each body sent vs FILE's and OUT's body (body_base64 when not text)")
print("fsync policy: --save writes each line with one write(2), flushed to the OS before the answer; no fsync")
print("no loss:", "PASS" if ok_all else "FAIL")
sys.exit(0 if ok_all else 1)
PY
