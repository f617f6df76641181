#!/usr/bin/env bash
# Ingest throughput through both services: writes N short fictional meeting
# reports, starts readout-catalog (fresh data directory) and readout-extractor
# (storing into it) on loopback, runs `readout ingest` over them and prints
# its summary and the documents per second. A load run, not a test.
# Usage: benchmarks/ingest/ingest_throughput.sh BUILD_DIR [N] [PARALLEL]
set -euo pipefail

build="$(cd "$1" && pwd)"
count="${2:-5000}"
parallel="${3:-16}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
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

start_server catalog "$build/catalog-service/readout-catalog" \
  --listen=127.0.0.1:0 --data-dir="$work/catalog-data"
catalog="$address"
start_server extractor "$build/extractor-service/readout-extractor" \
  --listen=127.0.0.1:0 --catalog="$catalog"
extractor="$address"

echo "ingest_throughput: $count documents, $parallel streams, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
"$build/cli/readout" ingest --server="$extractor" --catalog="$catalog" --parallel="$parallel" \
  --published-date=2026-05-30 "$work/articles" 2>"$work/ingest.progress"
end=$(date +%s.%N)
tail -1 "$work/ingest.progress"
python3 -c "import sys; n, s = int(sys.argv[1]), float(sys.argv[2]); print('ingest_throughput: %d documents in %.2f s = %.0f documents/s' % (n, s, n / s))" \
  "$count" "$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$end")"
