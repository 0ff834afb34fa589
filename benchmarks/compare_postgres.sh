#!/usr/bin/env bash
# Compares motcua with PostgreSQL 15 on the same workload: dossiers taken
# from receipt to return, five durable commands each (README "Benchmarks").
# Not a test; nothing here is in CI.
#
#   benchmarks/compare_postgres.sh [--reps R] [--seconds S] [--callers C]
#     [--ramp W]
#   (or MOTCUA_BENCH_REPS, MOTCUA_BENCH_SECONDS, MOTCUA_BENCH_CALLERS,
#   MOTCUA_BENCH_RAMP; defaults 3, 10, 32, 2)
#
# Needs build/bin/motcuad and build/bin/motcua_load (./deploy/build.sh).
# Installs postgresql and postgresql-contrib (pgbench) when missing, with
# sudo unless root. Then, in one temporary directory under ${TMPDIR:-/tmp},
# removed at the end:
#   - motcuad on a fresh data directory and a free loopback port, driven by
#     `motcua_load --mode lifecycle --callers C` with the bootstrap token;
#   - a throw-away PostgreSQL cluster (initdb; as the postgres user when run
#     as root) with the default durability (fsync on, synchronous_commit on)
#     on a free loopback port, schema postgres/schema.sql, driven by pgbench
#     with C clients (-j 2, -M prepared) running postgres/lifecycle.pgbench
#     (one pgbench transaction = one lifecycle = five BEGIN..COMMIT blocks).
# After a warm-up of each (up to 5 s, not counted), each rep runs both for
# W + S seconds, one after the other (the order alternates between reps),
# and counts what completes in the last S: each pgbench run opens C new
# backends, slow for their first second or so. Both servers stay up for the
# whole run, idle while the other one is measured. Prints each run's
# output, then a table per rep and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."

reps="${MOTCUA_BENCH_REPS:-3}"
run_seconds="${MOTCUA_BENCH_SECONDS:-10}"
callers="${MOTCUA_BENCH_CALLERS:-32}"
ramp="${MOTCUA_BENCH_RAMP:-2}"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --seconds) run_seconds="$2"; shift 2 ;;
    --callers) callers="$2"; shift 2 ;;
    --ramp) ramp="$2"; shift 2 ;;
    *)
      echo "usage: $0 [--reps R] [--seconds S] [--callers C] [--ramp W]" >&2
      exit 2
      ;;
  esac
done

for n in "$reps" "$run_seconds" "$callers"; do
  # pgbench -T takes whole seconds.
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
    echo "compare_postgres: reps, seconds and callers are positive integers" >&2
    exit 2
  fi
done
if ! [[ "$ramp" =~ ^[0-9]+$ ]]; then
  echo "compare_postgres: --ramp is a whole number of seconds" >&2
  exit 2
fi

motcuad=build/bin/motcuad
load=build/bin/motcua_load
for f in "$motcuad" "$load"; do
  if [ ! -x "$f" ]; then
    echo "compare_postgres: $f missing; run ./deploy/build.sh first" >&2
    exit 2
  fi
done

# PostgreSQL 15 is Debian 12's; like deploy/install-deps.sh, touch apt only
# when something is missing.
missing=()
for p in postgresql postgresql-contrib; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "compare_postgres: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/pgbench" ]; then
  echo "compare_postgres: no PostgreSQL 15 in $pgbin" >&2
  exit 2
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

work="$(mktemp -d "${TMPDIR:-/tmp}/motcua-vs-postgres.XXXXXX")"
chmod 755 "$work"
motcuad_pid=""
pg_started=""
as_pg=()
cleanup() {
  set +e
  if [ -n "$motcuad_pid" ]; then
    kill -TERM "$motcuad_pid" 2>/dev/null
    wait "$motcuad_pid" 2>/dev/null
  fi
  if [ -n "$pg_started" ]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PostgreSQL refuses to run as root: as root, the cluster belongs to the
# postgres user (created by the package).
mkdir "$work/pg"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$work/pg"
  as_pg=(runuser -u postgres --)
fi
pg_port="$(free_port)"
"${as_pg[@]}" "$pgbin/initdb" -D "$work/pg/data" -U bench -A trust -E UTF8 \
  --locale=C.UTF-8 >"$work/initdb.log" 2>&1 || {
  cat "$work/initdb.log" >&2
  exit 1
}
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg" \
  start >/dev/null
pg_started=1
psql_bench=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U bench -d postgres)
"${psql_bench[@]}" -f benchmarks/postgres/schema.sql

data="$work/motcua"
"$motcuad" --listen 127.0.0.1:0 --data "$data" --catalogue deploy/catalogue \
  --calendars deploy/calendars >"$work/motcuad.out" 2>"$work/motcuad.err" &
motcuad_pid=$!
target=""
for _ in $(seq 100); do
  target="$(sed -n 's/^motcuad listening on \([^ ]*\).*/\1/p' "$work/motcuad.out")"
  [ -n "$target" ] && break
  if ! kill -0 "$motcuad_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$target" ]; then
  echo "compare_postgres: motcuad did not start" >&2
  cat "$work/motcuad.err" >&2
  exit 1
fi

# The agencies motcua_load spreads its callers over: those valid today in
# the shipped catalogue; pgbench spreads its clients over as many.
agencies="$(python3 - <<'EOF'
import datetime, re
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date().isoformat()
n = 0
for block in re.split(r"\n(?=\[)", open("deploy/catalogue/sample.catalogue").read()):
    if not block.startswith("[agency "):
        continue
    since = re.search(r"^valid_from = (\S+)", block, re.M)
    until = re.search(r"^valid_until = (\S+)", block, re.M)
    if (since is None or since.group(1) <= today) and (until is None or today < until.group(1)):
        n += 1
print(n)
EOF
)"

echo "motcua $(git rev-parse --short HEAD 2>/dev/null || echo '?') vs $("$pgbin/postgres" --version)"
echo "date $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "filesystem $(df -T "$work" | awk 'NR == 2 { print $2 }')"
echo "postgres settings: $("${psql_bench[@]}" -At -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes', 'shared_buffers', 'max_wal_size')")"
echo "reps=$reps seconds=$run_seconds (after a ${ramp} s ramp, not counted) callers=$callers agencies=$agencies"
echo

run_motcua() {
  echo "== rep $1 motcua"
  "$load" --mode lifecycle --target "$target" \
    --token-file "$data/bootstrap-admin.token" --callers "$callers" \
    --warmup "$ramp" --seconds "$run_seconds" >"$work/motcua.$1" 2>&1 || true
  cat "$work/motcua.$1"
}
run_postgres() {
  echo "== rep $1 postgres"
  # -l: one line per lifecycle (latency, completion time), from which the
  # table counts those completed after the ramp; pgbench's own tps line
  # counts the ramp too.
  mkdir -p "$work/pglog.$1"
  "$pgbin/pgbench" -h 127.0.0.1 -p "$pg_port" -U bench -n -M prepared \
    -c "$callers" -j 2 -T $((run_seconds + ramp)) -D agencies="$agencies" \
    -l --log-prefix="$work/pglog.$1/lifecycles" \
    -f benchmarks/postgres/lifecycle.pgbench postgres >"$work/postgres.$1" 2>&1 || true
  grep -E '^(number of (transactions actually processed|failed transactions)|latency average|tps)' \
    "$work/postgres.$1" || cat "$work/postgres.$1"
}
# A warm-up of each, not counted: the first seconds of a fresh cluster or
# server (empty tables and caches, new connections) are slower than the rest.
warm_seconds=$((run_seconds < 5 ? run_seconds : 5))
"$load" --mode lifecycle --target "$target" \
  --token-file "$data/bootstrap-admin.token" --callers "$callers" \
  --seconds "$warm_seconds" >"$work/motcua.warm-up" 2>&1 || true
"$pgbin/pgbench" -h 127.0.0.1 -p "$pg_port" -U bench -n -M prepared \
  -c "$callers" -j 2 -T "$warm_seconds" -D agencies="$agencies" \
  -f benchmarks/postgres/lifecycle.pgbench postgres >"$work/postgres.warm-up" 2>&1 || true
echo "warm-up ($warm_seconds s each, not counted): motcua $(grep -o 'commands=[^ ]*' "$work/motcua.warm-up"), postgres $(grep -o '^tps = [0-9.]*' "$work/postgres.warm-up")"
echo

for rep in $(seq "$reps"); do
  if [ $((rep % 2)) -eq 1 ]; then
    run_motcua "$rep"
    run_postgres "$rep"
  else
    run_postgres "$rep"
    run_motcua "$rep"
  fi
done
echo
# Every lifecycle pgbench counted went all the way: its five commands each
# updated one dossier and appended one event.
echo "postgres check: $("${psql_bench[@]}" -At -F ' ' -c "SELECT count(*) || ' dossiers', count(*) FILTER (WHERE state = 5 AND version = 5) || ' returned at version 5', (SELECT count(*) FROM events) || ' events' FROM dossiers")"
# How many commits shared a WAL flush (group commit), and the WAL written,
# over the whole run (warm-up included).
echo "postgres WAL: $("${psql_bench[@]}" -At -F ' ' -c "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres') || ' commits', wal_sync || ' syncs', pg_size_pretty(wal_bytes) || ' written' FROM pg_stat_wal")"
echo

python3 - "$work" "$reps" "$ramp" <<'EOF'
import glob, re, statistics, sys

work, reps, ramp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
commands = ["submit", "transfer", "start_processing", "mark_result_ready", "return_result"]


def percentile(sorted_values, p):
    # As motcua_load: the value at rank floor(p * n).
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(p * len(sorted_values)))]


def number(pattern, text):
    m = re.search(pattern, text, re.M)
    return float(m.group(1)) if m else float("nan")


rows = []
for rep in range(1, reps + 1):
    m = open(f"{work}/motcua.{rep}").read()
    p = open(f"{work}/postgres.{rep}").read()
    row = {
        "m_cmd": number(r"commands=([\d.]+)/s", m),
        "m_lc": number(r"throughput=([\d.]+)/s", m),
        "m_failed": number(r"failed=(\d+)", m),
    }
    for c in commands:
        row[c] = number(rf"^{c} .*p99=([\d.]+)ms", m)
    # pgbench -l: client, transaction, latency (us), script, completion
    # (epoch s, us). Counted: the lifecycles completed after the ramp, over
    # the time from the ramp's end to the last completion, as motcua_load.
    done = []
    for f in glob.glob(f"{work}/pglog.{rep}/lifecycles*"):
        for l in open(f):
            fields = l.split()
            if len(fields) >= 6:
                done.append((int(fields[4]) + int(fields[5]) / 1e6, int(fields[2]) / 1000))
    start = min((end - ms / 1000 for end, ms in done), default=0)
    counted = [(end, ms) for end, ms in done if end >= start + ramp]
    window = max((end for end, _ in counted), default=0) - (start + ramp)
    row["p_lc"] = len(counted) / window if window > 0 else float("nan")
    row["p_cmd"] = 5 * row["p_lc"]
    row["m_lc50"] = number(r"^lifecycle .*p50=([\d.]+)ms", m)
    row["m_lc99"] = number(r"^lifecycle .*p99=([\d.]+)ms", m)
    latencies = sorted(ms for _, ms in counted)
    row["p_lc50"] = percentile(latencies, 0.50)
    row["p_lc99"] = percentile(latencies, 0.99)
    row["p_failed"] = number(r"^number of failed transactions: (\d+)", p)
    row["ratio"] = row["m_cmd"] / row["p_cmd"] if row["p_cmd"] else float("nan")
    rows.append(row)

header = ("rep", "motcua cmd/s", "lc/s", "failed", "p99 ms: submit", "transfer", "start",
          "ready", "return", "lc p50", "lc p99", "postgres cmd/s", "lc/s", "failed",
          "lc p50 ms", "lc p99 ms", "motcua/postgres cmd/s")
formats = ("{}", "{:.0f}", "{:.1f}", "{:.0f}", "{:.1f}", "{:.1f}", "{:.1f}", "{:.1f}", "{:.1f}",
           "{:.1f}", "{:.1f}", "{:.0f}", "{:.1f}", "{:.0f}", "{:.1f}", "{:.1f}", "{:.2f}")
keys = ("m_cmd", "m_lc", "m_failed", *commands, "m_lc50", "m_lc99", "p_cmd", "p_lc",
        "p_failed", "p_lc50", "p_lc99", "ratio")


def line(cells):
    return "| " + " | ".join(cells) + " |"


print(line(header))
print(line(["---"] * len(header)))
for i, row in enumerate(rows, 1):
    print(line([str(i)] + [f.format(row[k]) for f, k in zip(formats[1:], keys)]))
print(line(["median"] + [f.format(statistics.median(r[k] for r in rows))
                         for f, k in zip(formats[1:], keys)]))
EOF
