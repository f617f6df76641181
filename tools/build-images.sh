#!/usr/bin/env bash
# Builds the two container images, readout-extractor and readout-catalog,
# with buildah (no daemon; chroot isolation, vfs storage, so it runs as root
# on a plain machine or inside another container), on a Debian 12 base image
# made here with debootstrap (localhost/readout-debian:12, made once and
# kept). The Debian mirror is READOUT_DEBIAN_MIRROR, else the first one apt's
# sources name, else deb.debian.org.
#
# Usage: tools/build-images.sh [--rebuild-base]
# Needs: buildah, debootstrap (tools/setup.sh --images installs them).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export STORAGE_DRIVER="${STORAGE_DRIVER:-vfs}"
base="localhost/readout-debian:12"

mirror() {
  if [ -n "${READOUT_DEBIAN_MIRROR:-}" ]; then
    echo "$READOUT_DEBIAN_MIRROR"
    return
  fi
  local found
  found="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}')"
  [ -n "$found" ] || found="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/ && $0 !~ /security/ {print $2; exit}')"
  echo "${found:-http://deb.debian.org/debian}"
}

if [ "${1:-}" = "--rebuild-base" ] || ! buildah inspect --type image "$base" >/dev/null 2>&1; then
  root="$(mktemp -d /var/tmp/readout-debootstrap.XXXXXX)"
  trap 'rm -rf "$root"' EXIT
  echo "build-images: debootstrap bookworm from $(mirror) (minbase)" >&2
  debootstrap --variant=minbase bookworm "$root" "$(mirror)" >"$root.log" 2>&1 ||
    { tail -20 "$root.log" >&2; exit 1; }
  rm -f "$root.log"
  # Trimmed the way Debian's own images are: no apt lists, no caches.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
  container="$(buildah from scratch)"
  mountpoint="$(buildah mount "$container")"
  cp -a "$root"/. "$mountpoint"/
  buildah umount "$container" >/dev/null
  buildah config --cmd /bin/bash --env LANG=C.UTF-8 "$container"
  buildah commit --rm "$container" "$base" >/dev/null
  rm -rf "$root"
  trap - EXIT
  echo "build-images: made $base" >&2
fi

commit="$(git -C "$repo" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)"
for image in extractor catalog; do
  echo "build-images: building readout-$image (commit $commit)" >&2
  buildah bud --isolation chroot --layers --build-arg "BASE=$base" \
    --build-arg "READOUT_GIT_COMMIT=$commit" \
    -f "$repo/$image-service/Dockerfile" -t "localhost/readout-$image:latest" "$repo"
done
buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' | grep "readout-" >&2
