#!/usr/bin/env bash
# Builds the libraries ThreadSanitizer must see, Abseil and gRPC, with
# -fsanitize=thread from Debian's own source packages (the versions of the
# installed libabsl-dev and libgrpc-dev, Debian's patches applied, shared
# libraries with Debian's sonames) into one prefix, and prints that prefix.
#
# Why: TSan only sees the synchronization of instrumented code. Debian's
# Abseil and gRPC are built without it, so TSan misses absl::Mutex (ours and
# gRPC's) and every hand-over of a call, a buffer or a status between gRPC's
# threads (its completion queues, combiners and atomics), and reports the
# accesses on both sides of those as races. The TSan build links against this
# prefix and its executables carry a DT_RPATH to it (--disable-new-dtags), so
# the libraries loaded as dependencies of others (gRPC's Abseil, libgrpc under
# libgrpc++) resolve to the instrumented copies too.
#
# Only the libraries our programs load are built: Abseil, and gRPC's gpr,
# grpc, grpc++, address_sorting and upb (no plugins, tests or examples).
# Protobuf, RE2, c-ares, OpenSSL and zlib stay Debian's: protobuf's messages
# are compiled into our own (instrumented) code, and the others hold no state
# shared between threads that our code touches.
#
# The result is kept in ${READOUT_CACHE_DIR:-~/.cache/readout}/tsan-deps-...
# and reused while the Debian versions stay the same. Building it costs
# about 1 minute (Abseil) plus 15 minutes (gRPC) of CPU on 2 cores, see
# docs/sanitizers-and-fuzzing.md. Needs dpkg-dev and clang-14 (tools/setup.sh);
# fetches the sources with apt-get from Debian's deb-src archive through a
# private apt state, leaving the machine's apt sources alone.
set -euo pipefail

source_of() { dpkg-query -W -f='${source:Package}=${source:Version}' "$1"; }
absl_source="$(source_of libabsl-dev)"
grpc_source="$(source_of libgrpc-dev)"
cache="${READOUT_CACHE_DIR:-${HOME:-/root}/.cache/readout}"
root="$cache/tsan-deps-${absl_source#*=}-grpc-${grpc_source#*=}"
prefix="$root/prefix"
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi

echo "tsan_deps: building $absl_source and $grpc_source with ThreadSanitizer in $root" >&2
rm -rf "$root"
mkdir -p "$root/apt/lists/partial" "$root/apt/sources"
cat >"$root/apt/sources/debian-src.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
apt_private=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$root/apt/sources"
             -o Dir::State::Lists="$root/apt/lists" -o Debug::NoLocking=1
             -o APT::Sandbox::User=root)
apt-get "${apt_private[@]}" -qq update >&2

# Unpacks the source package $1 (name=version) into $root/$2.
unpack() {
  mkdir -p "$root/download/$2"
  (cd "$root/download/$2" && apt-get "${apt_private[@]}" -qq source --download-only "$1" >&2 &&
     dpkg-source -x ./*.dsc "$root/$2" >&2)
}
unpack "$absl_source" absl-src
unpack "$grpc_source" grpc-src

# Line tables only (symbolized stacks) at -O1: cheap to build, fast enough
# to run. No RPATH in the libraries themselves, so that the executables'
# DT_RPATH decides where their dependencies load from.
common=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_STANDARD=17
        -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only"
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only"
        -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_CXX_FLAGS=-fsanitize=thread
        -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SKIP_RPATH=ON
        -DBUILD_SHARED_LIBS=ON -DCMAKE_PREFIX_PATH="$prefix"
        -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export CC=clang-14 CXX=clang++-14

cmake -S "$root/absl-src" -B "$root/absl-build" "${common[@]}" -DBUILD_TESTING=OFF \
  -DCMAKE_INSTALL_PREFIX="$prefix" >&2
cmake --build "$root/absl-build" -j "$(nproc)" >&2
cmake --install "$root/absl-build" >&2

# gRPC as Debian configures it (every dependency from the system, Abseil
# from the prefix above), without code generators, plugins or tests. Only
# the grpc++ target and what it links are built, so nothing is installed
# with cmake: the shared libraries are copied into the prefix (the headers
# and CMake files stay Debian's, which are the same version).
cmake -S "$root/grpc-src" -B "$root/grpc-build" "${common[@]}" \
  -DgRPC_BUILD_TESTS=OFF -DgRPC_BUILD_CODEGEN=OFF -DgRPC_BACKWARDS_COMPATIBILITY_MODE=OFF \
  -DgRPC_ABSL_PROVIDER=package -DgRPC_CARES_PROVIDER=package -DgRPC_PROTOBUF_PROVIDER=package \
  -DgRPC_RE2_PROVIDER=package -DgRPC_SSL_PROVIDER=package -DgRPC_ZLIB_PROVIDER=package \
  -DgRPC_BENCHMARK_PROVIDER=none -DgRPC_BUILD_GRPC_CPP_PLUGIN=OFF \
  -DgRPC_BUILD_GRPC_CSHARP_PLUGIN=OFF -DgRPC_BUILD_GRPC_NODE_PLUGIN=OFF \
  -DgRPC_BUILD_GRPC_OBJECTIVE_C_PLUGIN=OFF -DgRPC_BUILD_GRPC_PHP_PLUGIN=OFF \
  -DgRPC_BUILD_GRPC_PYTHON_PLUGIN=OFF -DgRPC_BUILD_GRPC_RUBY_PLUGIN=OFF \
  -DProtobuf_PROTOC_LIBRARY="$(ls /usr/lib/*/libprotoc.so.* | head -n 1)" >&2
cmake --build "$root/grpc-build" -j "$(nproc)" --target grpc++ >&2
for lib in gpr grpc grpc++ address_sorting upb; do
  cp -a "$root/grpc-build/lib$lib.so".* "$prefix/lib/"
done

rm -rf "$root/absl-build" "$root/absl-src" "$root/grpc-build" "$root/grpc-src" \
  "$root/download" "$root/apt"
touch "$prefix/.complete"
echo "$prefix"
