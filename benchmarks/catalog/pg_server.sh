#!/bin/bash
# Starts (or stops) the PostgreSQL 15 server the store comparison benchmark
# (readout_catalog_store_comparison) runs against, in a data directory kept
# OUTSIDE the repository so that a 1M-document catalog is loaded once and
# reused by later runs:
#
#   benchmarks/catalog/pg_server.sh start ../pgbench-data [PORT]
#   benchmarks/catalog/pg_server.sh stop  ../pgbench-data
#
# `start` runs initdb on first use (as user postgres when run as root, since
# PostgreSQL refuses to run as root), then pg_ctl start on 127.0.0.1:PORT
# (default 55432) and prints the base URL to give READOUT_BENCH_PG_URL.
# Settings: what a production server of this size would get (shared_buffers
# 2 GB, a WAL large enough that the 1M load does not checkpoint every few
# seconds), with durability left as shipped: fsync and synchronous_commit on.
# READOUT_PG_SETTINGS=debian (read when the cluster is first made) leaves
# Debian's defaults instead, setting only the address, port and socket
# directory: the throwaway cluster of benchmarks/ingest/ingest_throughput.sh.
set -euo pipefail

action=${1:?usage: pg_server.sh start|stop DIR [PORT]}
dir=${2:?usage: pg_server.sh start|stop DIR [PORT]}
# An absolute path: the commands run as user postgres, which may not be able
# to enter the caller's working directory, and PostgreSQL reads the socket
# directory of postgresql.conf relative to its data directory.
dir=$(realpath -m -- "$dir")
port=${3:-55432}
bin=${READOUT_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
settings=${READOUT_PG_SETTINGS:-production}
data="$dir/pg"
case "$settings" in
  production | debian) ;;
  *)
    echo "pg_server.sh: READOUT_PG_SETTINGS is production or debian, not $settings" >&2
    exit 2
    ;;
esac

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
      cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
EOF
      if [ "$settings" = production ]; then
        cat >>"$data/postgresql.conf" <<EOF
shared_buffers = 2GB
max_wal_size = 8GB
checkpoint_timeout = 15min
max_connections = 200
fsync = on
synchronous_commit = on
EOF
      fi
    fi
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 120 start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: pg_server.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
