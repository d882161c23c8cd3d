#!/usr/bin/env bash
# Load run on loopback: the cheap endpoints' latency with and without expensive /sparql queries being killed.
# Usage: scripts/load_under_attack.sh [VAR_DIR] [SECONDS] [ATTACKERS]
#   VAR_DIR   a built store (default var/; build one with `gcmkg build`)
#   SECONDS   length of each wrk run (default 20)
#   ATTACKERS concurrent clients looping on a cartesian-product query (default 4)
# Needs wrk (Debian: apt-get install -y wrk) and curl. Per-client rate limits are raised for the run
# (every request comes from 127.0.0.1); the time limit, pools and memory cap keep their defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
VAR_DIR=${1:-var}
SECONDS_EACH=${2:-20}
ATTACKERS=${3:-4}
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

GCMKG_VAR_DIR=$VAR_DIR GCMKG_RATE_PER_S=100000 GCMKG_BURST=1000000 GCMKG_SPARQL_RATE_PER_S=100000 \
  GCMKG_SPARQL_BURST=1000000 GCMKG_SPARQL_CONCURRENT_PER_CLIENT=1000 \
  .venv/bin/python -m uvicorn --factory api.app:create_app --host 127.0.0.1 --port "$PORT" --log-level warning &
PIDS+=($!)
for _ in $(seq 100); do curl -sf "$URL/objectives" >/dev/null 2>&1 && break; sleep 0.2; done

CHEAP=("/objectives/5/recommendations" "/objectives" "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D")
BOMB='SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }'
run_wrk() {
  for path in "${CHEAP[@]}"; do
    printf '%-45s ' "$path"
    wrk -t2 -c8 -d"${SECONDS_EACH}s" --timeout 15s -s scripts/wrk_percentiles.lua "$URL$path" | tail -1
  done
}
attack() {
  while true; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --get --data-urlencode "query=$BOMB" "$URL/sparql"
  done >>"$WORK/attack-$1.log"
}

echo "== baseline (no attack), wrk -t2 -c8 -d${SECONDS_EACH}s"
for path in "${CHEAP[@]}"; do curl -s "$URL$path" >/dev/null; done
run_wrk
echo "== under attack: $ATTACKERS clients looping on a cartesian-product /sparql query"
for n in $(seq "$ATTACKERS"); do attack "$n" & PIDS+=($!); done
sleep 2
run_wrk
for pid in "${PIDS[@]:1}"; do kill "$pid" 2>/dev/null || true; done
echo "== attack responses (status: count, slowest seconds)"
cat "$WORK"/attack-*.log | awk '{n[$1]++; if ($2 > m[$1]) m[$1] = $2} END {for (s in n) printf "  %s: %d, max %.2f s\n", s, n[s], m[s]}'
