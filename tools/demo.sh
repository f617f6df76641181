#!/usr/bin/env bash
# The main job on embedded defaults: sets up and builds readout, starts the
# extractor service on loopback, sends it the sample article through the
# readout CLI and prints the extracted records, then shuts the service down.
# Usage: tools/demo.sh [FILE]   (default: docs/samples/provincial-meeting.txt)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${READOUT_BUILD_DIR:-$repo/build}"
article="${1:-$repo/docs/samples/provincial-meeting.txt}"

"$repo/tools/setup.sh" >&2

log="$(mktemp)"
"$build/extractor-service/readout-extractor" --listen=127.0.0.1:0 2>"$log" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT

# The server logs the address it bound; wait for it (at most 10 s).
address=""
for _ in $(seq 100); do
  address="$(sed -n 's/.*event=server_started address=\([0-9.:]*\).*/\1/p' "$log" | head -1)" || true
  [ -n "$address" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
if [ -z "$address" ]; then
  echo "demo: the extractor did not report its address" >&2
  cat "$log" >&2
  exit 1
fi
echo "demo: readout-extractor is serving on $address; extracting $article" >&2
"$build/cli/readout" extract --server="$address" --published-date=2026-03-13 "$article"
