#!/usr/bin/env bash
# Builds readout with clang's sanitizers in its own build directory and runs
# the tests there (tools/test.sh runs `asan` after the Release suite):
#
#   tools/sanitize.sh asan   AddressSanitizer + UndefinedBehaviorSanitizer:
#                            the whole test suite plus the libFuzzer targets
#                            of tests/fuzz (each fuzzes READOUT_FUZZ_SECONDS)
#                            in build-asan/.
#   tools/sanitize.sh fuzz   the same build directory and flags, but only the
#                            fuzz targets are built and run (a quick run).
#   tools/sanitize.sh tsan   ThreadSanitizer: the tests labelled `tsan` (the
#                            server bootstrap, the catalog, the services and
#                            the end-to-end tests) in build-tsan/, linked
#                            against Abseil and gRPC built with
#                            ThreadSanitizer from Debian's own source
#                            packages (tools/tsan_deps.sh), so that
#                            absl::Mutex and gRPC's hand-overs are seen.
#
# Every sanitizer report (also from servers the tests start as processes) is
# written under BUILD/sanitizer-reports/; any report fails the run, even when
# the test that triggered it passed. Setup (packages) is tools/setup.sh's.
# See docs/sanitizers-and-fuzzing.md for what runs, why, and how long it takes.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-}"
case "$mode" in
  asan)
    build="${READOUT_ASAN_BUILD_DIR:-$repo/build-asan}"
    sanitize="address,undefined"
    extra=(-DREADOUT_FUZZ=ON)
    targets=(all)
    ctest_select=()
    run=()
    ;;
  fuzz)
    build="${READOUT_ASAN_BUILD_DIR:-$repo/build-asan}"
    sanitize="address,undefined"
    extra=(-DREADOUT_FUZZ=ON)
    mapfile -t targets < <(cd "$repo/tests/fuzz/corpus" && ls | sed 's/^/fuzz_/')
    ctest_select=(-L fuzz)
    run=()
    ;;
  tsan)
    build="${READOUT_TSAN_BUILD_DIR:-$repo/build-tsan}"
    sanitize="thread"
    deps_prefix="$("$repo/tools/tsan_deps.sh")"
    # absl_DIR too: CMake keeps the one it found first in its cache, which
    # would be a stale prefix once a Debian update changes the versions.
    extra=(-DCMAKE_PREFIX_PATH="$deps_prefix" -Dabsl_DIR="$deps_prefix/lib/cmake/absl")
    # Only what the `tsan` tests run: their test programs and the servers
    # and CLI the process and end-to-end tests start.
    targets=(readout_server_test readout_server_flags_test readout_catalog_test
             readout_store_conformance_test readout_catalog_service_test
             readout_catalog_replica_test readout_catalog_crash_test
             readout_catalog_corruption_test readout_catalog_postgres_server_test
             readout_extractor_service_test readout_extractor_store_test
             readout_catalog_server readout_extractor readout)
    # buf lint and the corpus quality bar exercise no concurrency of ours;
    # extractor_amplification bounds the server's memory growth, which TSan's
    # shadow memory breaks (it runs in the Release and ASan jobs).
    ctest_select=(-L tsan -E 'protos_buf_lint|extractor_eval_bar|extractor_amplification')
    # Clang 14's TSan needs the address layout it was built for; kernels that
    # randomize mmap with more bits (vm.mmap_rnd_bits=32) break it, so the
    # tests run without address randomization (inherited by the servers).
    run=(setarch "$(uname -m)" -R)
    ;;
  *)
    echo "usage: $0 asan|fuzz|tsan" >&2
    exit 2
    ;;
esac

# Wall and CPU time of each stage, with the machine's load, for
# docs/sanitizers-and-fuzzing.md.
started=$(date +%s)
echo "sanitize: $mode build in $build; $(uptime)"
CC=clang-14 CXX=clang++-14 cmake -S "$repo" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
  -DREADOUT_SANITIZE="$sanitize" -DREADOUT_BENCHMARKS=OFF "${extra[@]}" >&2
TIMEFORMAT="sanitize: $mode build: %0R s wall, %0U s user, %0S s sys"
time cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >&2
built=$(date +%s)

reports="$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
if [ "$sanitize" = thread ]; then
  # gRPC and protobuf are Debian's uninstrumented builds: their own
  # synchronization is invisible to TSan, so it must not check the memory
  # accesses its interceptors (memcpy, free, sendmsg, ...) see made from
  # inside them (ignore_noninstrumented_modules); see
  # docs/sanitizers-and-fuzzing.md.
  export TSAN_OPTIONS="log_path=$reports/tsan:halt_on_error=0:second_deadlock_stack=1:ignore_noninstrumented_modules=1"
else
  export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:check_initialization_order=1"
  export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
fi

status=0
TIMEFORMAT="sanitize: $mode tests: %0R s wall, %0U s user, %0S s sys"
time (cd "$build" && "${run[@]}" ctest --output-on-failure --timeout 900 -j 2 "${ctest_select[@]}") || status=$?
finished=$(date +%s)

if compgen -G "$reports/*" >/dev/null; then
  echo "sanitize: $mode: sanitizer reports:" >&2
  for report in "$reports"/*; do
    echo "==== $report" >&2
    head -c 20000 "$report" >&2
  done
  status=1
fi
echo "sanitize: $mode: build $((built - started)) s, tests $((finished - built)) s," \
  "$([ "$status" -eq 0 ] && echo clean || echo FAILED); $(uptime)"
exit "$status"
