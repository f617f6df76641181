#!/usr/bin/env bash
# Sets up and builds readout (tools/setup.sh), then runs every test with ctest:
# unit tests, service tests over real channels, buf lint and buf curl, the
# manifests check and the dev-corpus quality bar (skipped when ../shared is absent).
# Then every libFuzzer target of tests/fuzz, built with ASan+UBSan in
# build-asan/, for a bounded time each (tools/sanitize.sh fuzz).
# READOUT_SANITIZERS=0 skips it (a quick local run). The whole suite under
# ASan+UBSan and under TSan (tools/sanitize.sh asan|tsan) are run by hand for
# now; see docs/sanitizers-and-fuzzing.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${READOUT_BUILD_DIR:-$repo/build}"

"$repo/tools/setup.sh"
(cd "$build" && ctest --output-on-failure --timeout 900 -j 2)

if [ "${READOUT_SANITIZERS:-1}" != 0 ]; then
  "$repo/tools/sanitize.sh" fuzz
fi
