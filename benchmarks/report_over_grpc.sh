#!/usr/bin/env bash
# Reports and listings over N dossiers, end to end over gRPC (issue 13):
# seeds a throw-away data directory with synthetic dossiers, starts motcuad
# on it (its first start indexes them for the reports), and times
# GetForm06, GetIndicators and filtered ListDossiers pages one call at a
# time. Not a test. Needs ./deploy/build.sh first.
#
#   benchmarks/report_over_grpc.sh [DOSSIERS] [ITERATIONS]   (1000000 50)
set -euo pipefail
cd "$(dirname "$0")/.."
dossiers="${1:-1000000}"
iterations="${2:-50}"
dir="$(mktemp -d /tmp/motcua-report-bench.XXXXXX)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
build/bin/motcua_report_bench seed --data "$dir" --dossiers "$dossiers"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
start=$(date +%s.%N)
build/bin/motcuad --listen "127.0.0.1:$port" --data "$dir" \
  --calendars deploy/calendars --catalogue deploy/catalogue >"$dir.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  grep -q "listening on" "$dir.log" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$dir.log"; exit 1; }
  sleep 0.2
done
echo "motcuad ready in $(python3 -c "import time; print(round(time.time() - $start, 1))") s" \
  "(first start: indexes the seeded dossiers); RSS $(($(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024)) MiB"
build/bin/motcua_report_bench query --target "127.0.0.1:$port" \
  --token-file "$dir/bootstrap-admin.token" --iterations "$iterations"
rm -f "$dir.log"
