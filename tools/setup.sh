#!/usr/bin/env bash
# Sets up everything readout needs on a Debian 12 machine and builds it:
# Debian packages (compilers, sanitizer runtimes, gRPC, protobuf, Abseil, RE2,
# gumbo, SQLite, libpq and PostgreSQL 15 for the catalog's PostgreSQL store
# and its tests, cpp-httplib, prometheus for promtool, ...),
# the buf CLI from npm (used by the tests as a reflection client and linter),
# then configures and builds into build/ (or $READOUT_BUILD_DIR).
# Safe to run again: each step is skipped or quick when already done.
#
# Usage: tools/setup.sh [--demo]
#   (default)  everything the tests need; builds every target
#   --demo     only what the servers and the CLI need (no npm, no test
#              tools); builds only readout-extractor, readout-catalog and
#              readout (the test libraries' headers are installed because
#              the CMake configure step looks for them; nothing of them is
#              built)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${READOUT_BUILD_DIR:-$repo/build}"
mode="${1:-}"
case "$mode" in
  "" | --demo) ;;
  *) echo "usage: $0 [--demo]" >&2; exit 2 ;;
esac

packages=(
  build-essential cmake ninja-build pkg-config ccache git clang-format
  libgrpc++-dev libgrpc-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libre2-dev libgumbo-dev libsqlite3-dev libssl-dev libcli11-dev libyaml-cpp-dev openssl
  libjemalloc-dev
  libpq-dev postgresql-15
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-grpcio python3-grpc-tools python3-protobuf python3-yaml
  etcd-server etcd-client
  libcpp-httplib-dev prometheus
  clang-14 libclang-rt-14-dev llvm-14 dpkg-dev zlib1g-dev
)
# The servers and the CLI alone (tools/demo.sh).
demo_packages=(
  g++ make cmake ninja-build pkg-config ccache python3
  libgrpc++-dev libgrpc-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libre2-dev libgumbo-dev libsqlite3-dev libssl-dev libcli11-dev libyaml-cpp-dev
  libpq-dev libcpp-httplib-dev libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  libjemalloc-dev
)
# Node.js with npm runs buf; a machine that already has them keeps its own.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# kubectl renders deploy/ in the manifest test: Debian 12's kubectl 1.20
# (the manifests keep to the kustomization syntax it knows); a machine with
# a kubectl of its own keeps it (the test renders the same with both).
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)

[ "$mode" = --demo ] && packages=("${demo_packages[@]}")
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  echo "setup: Debian packages installed in ${SECONDS} s"
fi

if [ "$mode" != --demo ] && [ ! -x "$repo/tools/node_modules/.bin/buf" ]; then
  echo "setup: installing buf from npm into tools/node_modules"
  npm ci --prefix "$repo/tools" --no-audit --no-fund --loglevel=error
fi

echo "setup: building into $build"
build_start=$SECONDS
# The demo compiles its targets as unity builds (each target's sources in a
# few large translation units: the gRPC, protobuf and Abseil headers are
# parsed a few times instead of once per file); the full build keeps one
# unit per file so that ccache and incremental rebuilds stay fine-grained.
# The demo also leaves out tests/ and benchmarks/, whose configure steps
# look for tools it does not install.
full=ON unity=OFF
[ "$mode" = --demo ] && full=OFF unity=ON
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=$unity \
  -DREADOUT_TESTS=$full -DREADOUT_BENCHMARKS=$full >&2
if [ "$mode" = --demo ]; then
  cmake --build "$build" -j "$(nproc)" --target readout_extractor readout_catalog_server readout >&2
else
  cmake --build "$build" -j "$(nproc)" >&2
fi
echo "setup: configured and built in $((SECONDS - build_start)) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
