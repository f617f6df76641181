#!/usr/bin/env bash
# Sets up and builds readout (tools/setup.sh), then runs every test with ctest:
# unit tests, service tests over real channels, buf lint and buf curl, the
# manifests check and the dev-corpus quality bar (skipped when ../shared is absent).
# Then the demo's targets built the demo's way (unity build, build-demo/).
# Then the whole suite again built with ASan+UBSan in build-asan/, every
# libFuzzer target of tests/fuzz included, each fuzzed for a bounded time
# (tools/sanitize.sh asan), and the service, concurrency and end-to-end
# tests built with TSan in build-tsan/, against Abseil and gRPC built with
# TSan from Debian's source packages (tools/sanitize.sh tsan).
# READOUT_SANITIZERS=0 skips the sanitizer jobs (a quick local run). See
# docs/sanitizers-and-fuzzing.md for what each job runs and how long it takes.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${READOUT_BUILD_DIR:-$repo/build}"

"$repo/tools/setup.sh"
(cd "$build" && ctest --output-on-failure --timeout 900 -j 2)

# The demo compiles its targets as unity builds (docs/adr/0041), which the
# build above does not: a clash of file-local names between two files of one
# target would break only the demo. Build them exactly as the demo does, in
# build-demo/ ($READOUT_DEMO_BUILD_DIR).
READOUT_BUILD_DIR="${READOUT_DEMO_BUILD_DIR:-$repo/build-demo}" "$repo/tools/setup.sh" --demo

if [ "${READOUT_SANITIZERS:-1}" != 0 ]; then
  "$repo/tools/sanitize.sh" asan
  "$repo/tools/sanitize.sh" tsan
fi
