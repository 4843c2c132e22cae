#!/usr/bin/env bash
# Scenarios 1 and 7 measured by an outside client (Debian's wrk) against a real server started through
# ./resultstore serve, with the server's CPU time per request read from /proc next to each rate.
#   bench/wrk/run.sh [seconds per run, default 10]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SECONDS_PER_RUN="${1:-10}"
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }

WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
RESULTSTORE_QUERY_REUSE_TTL=0 "$ROOT/resultstore" serve --port "$PORT" --data-dir "$WORK/data" \
  >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do curl -sf "$URL/health" >/dev/null && break; sleep 0.1; done
curl -sf "$URL/health" >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))

# Results still being written in the background (0 once the writers caught up).
processing() {
  curl -sf "$URL/results?status=processing&limit=1000" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'
}

# Waits until every result is written; prints the seconds that took.
drain() {
  local start=$SECONDS
  while [ "$(processing)" != 0 ]; do sleep 0.2; done
  echo $(( SECONDS - start ))
}

# run NAME CONNECTIONS SCRIPT PATH: one wrk run, then requests/s, latency and server CPU per request. Queries leave
# their Parquet writes behind them: the CPU is read once those are done too (the time that took is printed), so a
# query's background write counts in its cost however far the writers lag.
run() {
  local name=$1 conns=$2 script=$3 path=$4 before after out reqs drained=""
  wrk -t "$(( conns < 2 ? 1 : 2 ))" -c "$conns" -d 3s -s "$HERE/$script" "$URL$path" >/dev/null   # warm-up
  [ "$path" = /query ] && drain >/dev/null
  before=$(cpu_ticks)
  out=$(wrk -t "$(( conns < 2 ? 1 : 2 ))" -c "$conns" -d "${SECONDS_PER_RUN}s" --latency -s "$HERE/$script" "$URL$path")
  [ "$path" = /query ] && drained="   writes done +$(drain) s"
  after=$(cpu_ticks)
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  printf '%-18s c=%-3s %10s req/s   p50 %8s   p99 %8s   server CPU/request %s ms   non-2xx %s%s\n' \
    "$name" "$conns" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" \
    "$(awk -v t=$(( (after - before) * TICK_MS )) -v n="$reqs" 'BEGIN {printf "%.3f", t / n}')" \
    "$(awk '/Non-2xx/ {print $NF; f=1} END {if (!f) print 0}' <<<"$out")" "$drained"
}

# Refs to resolve: 64 payloads written before the resolve run.
: >"$WORK/refs"
for i in $(seq 1 64); do
  curl -sf -XPUT "$URL/api/result/900$i" -H 'Content-Type: application/json' \
    -d "{\"name\":\"step\",\"data\":{\"i\":$i,\"text\":\"$(head -c 500 /dev/zero | tr '\0' x)\"}}" \
    | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["ref"], safe=""))' \
    >>"$WORK/refs"
done
export WRK_REFS="$WORK/refs"

echo "wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), ${SECONDS_PER_RUN} s per run, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run "1 SELECT 42" 1 query.lua /query
run "1 SELECT 42" 16 query.lua /query
run "7 floor /health" 16 health.lua /health
run "7 PUT 1KiB" 16 put.lua /api/result
run "7 resolve" 16 resolve.lua /api/result/resolve
