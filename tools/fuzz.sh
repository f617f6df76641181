#!/usr/bin/env bash
# Runs libFuzzer targets of tests/fuzz for longer than CI does, from the
# ASan+UBSan build (tools/sanitize.sh asan builds it):
#
#   tools/fuzz.sh NAME [SECONDS]   one target (e.g. filter), default 600 s
#   tools/fuzz.sh all [SECONDS]    every target in turn, SECONDS each
#
# Inputs it finds are kept in build-asan/tests/fuzz/corpus/NAME/ (the next
# run starts from them); a crashing input is saved in build-asan/fuzz-artifacts/
# and the run fails. See docs/sanitizers-and-fuzzing.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${READOUT_ASAN_BUILD_DIR:-$repo/build-asan}"
name="${1:-}"
seconds="${2:-600}"
if [ -z "$name" ]; then
  echo "usage: $0 NAME|all [SECONDS]" >&2
  exit 2
fi
if [ ! -d "$build/tests/fuzz" ]; then
  echo "fuzz: no fuzz targets in $build; run tools/sanitize.sh asan first" >&2
  exit 1
fi
cmake --build "$build" --target "$(
  if [ "$name" = all ]; then echo all; else echo "fuzz_$name"; fi)" >&2

if [ "$name" = all ]; then
  mapfile -t names < <(cd "$repo/tests/fuzz/corpus" && ls)
else
  names=("$name")
fi
jobs="$(nproc)"
for target in "${names[@]}"; do
  work="$build/tests/fuzz/corpus/$target"
  mkdir -p "$work" "$build/fuzz-artifacts"
  inputs=("$work" "$repo/tests/fuzz/corpus/$target")
  [ -d "$repo/tests/fuzz/regressions/$target" ] && inputs+=("$repo/tests/fuzz/regressions/$target")
  echo "fuzz: $target for ${seconds}s on $jobs workers" >&2
  (cd "$build" && "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=25 \
    -rss_limit_mb=2560 -jobs="$jobs" -workers="$jobs" -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$target-" "${inputs[@]}")
done
