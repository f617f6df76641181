#!/usr/bin/env bash
# The slower job beside CI's tests: builds both container images with
# buildah (tools/build-images.sh) and runs each from its own filesystem,
# checking Health and a round trip (tests/images/images_test.py). Run as
# root; installs buildah and debootstrap when missing.
# Usage: tools/test-images.sh [--no-build]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
missing=()
for pkg in buildah debootstrap python3-grpcio python3-grpc-tools python3-protobuf; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$pkg")
done
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
exec /usr/bin/python3 "$repo/tests/images/images_test.py" "$repo" "$@"
