#!/usr/bin/env bash
# The main job on embedded defaults: sets up and builds readout's servers and
# CLI (nothing of the tests or benchmarks), starts the
# catalog (SQLite in a temporary folder) and the extractor (storing into that
# catalog) on loopback, sends the sample article through the extractor with
# the readout CLI and prints the extracted records, then lists the people the
# catalog now holds, and shuts both down.
# Usage: tools/demo.sh [FILE]   (default: docs/samples/provincial-meeting.txt)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${READOUT_BUILD_DIR:-$repo/build}"
article="${1:-$repo/docs/samples/provincial-meeting.txt}"
readout="$build/cli/readout"

# Only the servers and the CLI are installed and built (tools/setup.sh --demo).
"$repo/tools/setup.sh" --demo >&2

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a server (stdout and stderr to $work/NAME.log) and sets $address to
# the address it bound, read from its "event=server_started address=HOST:PORT"
# log line (10 s at most).
start_server() {
  local name="$1"
  shift
  "$@" >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  address=""
  for _ in $(seq 100); do
    address="$(sed -n 's/.*event=server_started address=\([0-9.:]*\).*/\1/p' "$work/$name.log" | head -1)"
    [ -n "$address" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "demo: $name did not start; its log:" >&2
  cat "$work/$name.log" >&2
  return 1
}

start_server catalog "$build/catalog-service/readout-catalog" \
  --listen=127.0.0.1:0 --data-dir="$work/catalog-data"
catalog="$address"
start_server extractor "$build/extractor-service/readout-extractor" \
  --listen=127.0.0.1:0 --catalog="$catalog" --store-by-default
extractor="$address"
echo "demo: readout-catalog on $catalog, readout-extractor on $extractor" >&2

echo "demo: extracting $article through the extractor (records follow)" >&2
"$readout" extract --server="$extractor" --published-date=2026-03-13 "$article"

echo "demo: the catalog now holds these people:" >&2
"$readout" catalog people --server="$catalog"
