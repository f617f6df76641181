#!/usr/bin/env bash
# Sets up and builds readout (tools/setup.sh), then runs every test with ctest:
# unit tests, service tests over real channels, buf lint and buf curl, the
# manifests check and the dev-corpus quality bar (skipped when ../shared is absent).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${READOUT_BUILD_DIR:-$repo/build}"

"$repo/tools/setup.sh"
cd "$build"
ctest --output-on-failure --timeout 900 -j 2
