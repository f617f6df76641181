#!/usr/bin/env bash
# Builds Abseil with ThreadSanitizer from Debian's own source package (the
# version of the installed libabsl-dev, Debian's patches applied, shared
# libraries with Debian's sonames) and prints its install prefix.
#
# Why: Debian's libabsl is built without ThreadSanitizer, so TSan cannot see
# absl::Mutex (ours and gRPC's) and reports every access those mutexes guard
# as a race. The TSan build links against this Abseil, and its executables
# carry an RPATH to it, so gRPC's Abseil dependencies load from it too.
#
# The result is kept in ${READOUT_CACHE_DIR:-~/.cache/readout}/absl-tsan-VERSION
# and reused while the Debian version stays the same (about 4 minutes to
# build on 2 cores, seconds with a warm ccache). Needs dpkg-dev and clang-14
# (tools/setup.sh); fetches the source with apt-get from Debian's deb-src
# archive using a private apt state, leaving the machine's apt sources alone.
set -euo pipefail

version="$(dpkg-query -W -f='${Version}' libabsl-dev)"
cache="${READOUT_CACHE_DIR:-${HOME:-/root}/.cache/readout}"
root="$cache/absl-tsan-$version"
prefix="$root/prefix"
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi

echo "tsan_abseil: building Abseil $version with ThreadSanitizer in $root" >&2
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
(cd "$root" && apt-get "${apt_private[@]}" -qq source --download-only "abseil=$version" >&2)
(cd "$root" && dpkg-source -x abseil_*.dsc src >&2)

CC=clang-14 CXX=clang++-14 cmake -S "$root/src" -B "$root/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DCMAKE_CXX_STANDARD=17 -DBUILD_SHARED_LIBS=ON -DBUILD_TESTING=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=thread" \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_INSTALL_PREFIX="$prefix" >&2
cmake --build "$root/build" -j "$(nproc)" >&2
cmake --install "$root/build" >&2
rm -rf "$root/build" "$root/src" "$root/apt"
touch "$prefix/.complete"
echo "$prefix"
