#!/usr/bin/env bash
# Ingest throughput through both services: writes N short fictional meeting
# reports, and for each store asked for starts readout-catalog on a fresh
# catalog and readout-extractor (storing into it) on loopback, runs
# `readout ingest` over them and prints its summary and the documents per
# second. A load run, not a test.
#   sqlite    the catalog in a fresh --data-dir (the default);
#   postgres  the catalog on a fresh database (--database-url): of the
#             server READOUT_BENCH_PG_URL names (postgresql://user@host:port,
#             e.g. benchmarks/catalog/pg_server.sh's), else of a throwaway
#             PostgreSQL 15 cluster (Debian's settings) that pg_server.sh
#             starts here on a free port, removed at the end.
# Usage: benchmarks/ingest/ingest_throughput.sh BUILD_DIR [N] [PARALLEL] [STORES]
#   STORES: "sqlite" (default), "postgres", or "sqlite postgres" (one run
#   each, same documents, one after the other).
set -euo pipefail

build="$(cd "$1" && pwd)"
pg_server="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/catalog/pg_server.sh"
count="${2:-5000}"
parallel="${3:-16}"
stores="${4:-sqlite}"
work="$(mktemp -d)"
pg_bin="${READOUT_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
pg_dir=""
pids=()

stop_servers() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_servers
  if [ -n "$pg_dir" ]; then
    "$pg_server" stop "$pg_dir" >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/articles"
python3 - "$work/articles" "$count" <<'PY'
import os, sys
out, n = sys.argv[1], int(sys.argv[2])
surnames = ["Kerr", "Stone", "Vale", "Orton", "Reyes", "Lindqvist", "Mbeki", "Sato"]
given = ["Dana", "Eli", "Mara", "Tomas", "Ines", "Kofi", "Yuki", "Ravi"]
for i in range(n):
    chair = "%s %s" % (given[i % 8], surnames[(i // 8) % 8])
    guest = "%s %s" % (given[(i + 3) % 8], surnames[(i // 3) % 8])
    with open(os.path.join(out, "report-%06d.txt" % i), "w") as f:
        f.write("Harbor Board Holds Meeting Number %d\n\n"
                "On May %d, the Northfield Harbor Board held its meeting number %d in Northfield. "
                "%s, chair of the Harbor Board, presided over the meeting and made a speech. "
                "%s, treasurer of the Harbor Board, attended the meeting.\n\n"
                "%s stressed that the harbor must stay open all winter. First, the piers must be "
                "repaired. Second, the channel must be dredged.\n"
                % (i, 1 + i % 28, i, chair, guest, chair))
PY

# Starts a server and sets $address from its "event=server_started" log line.
start_server() {
  local name="$1"
  shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  address=""
  for _ in $(seq 100); do
    address="$(sed -n 's/.*event=server_started address=\([0-9.:]*\).*/\1/p' "$work/$name.log" | head -1)"
    [ -n "$address" ] && return 0
    sleep 0.1
  done
  echo "ingest_throughput: $name did not report its address" >&2
  cat "$work/$name.log" >&2
  return 1
}

# Sets $pg_base (postgresql://user@host:port) to a server to create
# databases on: READOUT_BENCH_PG_URL's, or a throwaway cluster's.
pg_base=""
postgres_server() {
  [ -n "$pg_base" ] && return 0
  if [ -n "${READOUT_BENCH_PG_URL:-}" ]; then
    pg_base="$READOUT_BENCH_PG_URL"
    return 0
  fi
  pg_dir="$(mktemp -d /tmp/readout-ingest-pg.XXXXXX)"
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  pg_base="$(READOUT_PG_SETTINGS=debian "$pg_server" start "$pg_dir" "$port")"
}

for store in $stores; do
  case "$store" in
    sqlite) store_flags=(--data-dir="$work/catalog-data") ;;
    postgres)
      postgres_server
      db="readout_ingest_$$_$RANDOM"
      "$pg_bin/psql" -q -X -v ON_ERROR_STOP=1 "$pg_base/postgres" -c "CREATE DATABASE $db" >/dev/null
      store_flags=(--database-url="$pg_base/$db")
      ;;
    *) echo "ingest_throughput: unknown store $store (sqlite or postgres)" >&2; exit 2 ;;
  esac
  start_server catalog "$build/catalog-service/readout-catalog" --listen=127.0.0.1:0 "${store_flags[@]}"
  catalog="$address"
  start_server extractor "$build/extractor-service/readout-extractor" \
    --listen=127.0.0.1:0 --catalog="$catalog"
  extractor="$address"

  echo "ingest_throughput ($store): $count documents, $parallel streams, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s.%N)
  "$build/cli/readout" ingest --server="$extractor" --catalog="$catalog" --parallel="$parallel" \
    --published-date=2026-05-30 "$work/articles" 2>"$work/ingest.progress"
  end=$(date +%s.%N)
  tail -1 "$work/ingest.progress"
  python3 -c "import sys; n, s = int(sys.argv[1]), float(sys.argv[2]); print('ingest_throughput (%s): %d documents in %.2f s = %.0f documents/s' % (sys.argv[3], n, s, n / s))" \
    "$count" "$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$end")" "$store"
  stop_servers
  if [ "$store" = postgres ]; then
    "$pg_bin/psql" -q -X "$pg_base/postgres" -c "DROP DATABASE $db" >/dev/null || true
  fi
done
