#!/usr/bin/env bash
# Tries the README's commands on a fresh Debian 12: makes a minimal Debian 12
# tree with debootstrap (from the mirror tools/debian-mirror.sh names), and
# inside it, as root in a chroot, does what the README says: installs git,
# clones this repository (its committed HEAD), runs ./tools/demo.sh, then ./tools/test.sh. Prints
# how long each took (with `uptime` at the start and end, as the machine
# may be shared). The tree is deleted afterwards unless --keep.
#
# Usage: sudo tools/fresh-debian-test.sh [--demo-only] [--keep]
# Needs: debootstrap, git, root, network to the Debian mirror (and to the
# npm registry for ./tools/test.sh). ../shared, when present beside the
# repository, is mounted read-only beside the clone, as CI lays it.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
demo_only=false
keep=false
for arg in "$@"; do
  case "$arg" in
    --demo-only) demo_only=true ;;
    --keep) keep=true ;;
    *) echo "usage: $0 [--demo-only] [--keep]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian-test: run as root (debootstrap, chroot)" >&2; exit 2; }

root="$(mktemp -d /var/tmp/readout-fresh.XXXXXX)"
# mktemp makes the directory 0700; as the tree's "/" it must be 0755, or no
# user but root (postgres for the tests' clusters, _apt) can reach anything.
chmod 755 "$root"
mounts=()
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
  if $keep; then echo "fresh-debian-test: tree kept in $root" >&2; else rm -rf "$root"; fi
}
trap cleanup EXIT
bind() {  # bind SOURCE TARGET [ro]
  mkdir -p "$2"
  mount --bind "$1" "$2"
  mounts+=("$2")
  [ "${3:-}" = ro ] && mount -o remount,bind,ro "$2"
  return 0
}

mirror="$("$repo/tools/debian-mirror.sh")"
echo "fresh-debian-test: $(uptime)" >&2
start=$(date +%s)
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
  { tail -20 "$root.debootstrap.log" >&2; exit 1; }
rm -f "$root.debootstrap.log"
echo "fresh-debian-test: Debian 12 tree made in $(($(date +%s) - start)) s" >&2

mount -t proc proc "$root/proc" && mounts+=("$root/proc")
bind /dev "$root/dev"
bind /dev/pts "$root/dev/pts"
mount -t sysfs sys "$root/sys" && mounts+=("$root/sys")
mount -t tmpfs tmpfs "$root/tmp" && mounts+=("$root/tmp")
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The machine's own certificate authorities (a TLS-inspecting proxy's, for
# instance) join the tree's trust store when ca-certificates is installed,
# as a new machine on this network would be set up; npm needs them.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
# What `git clone URL` fetches: the repository's commits (HEAD), served
# from a bare copy inside the tree (uncommitted changes are not tested).
git clone -q --bare "$repo" "$root/srv/readout.git"
if [ -d "$repo/../shared" ]; then
  bind "$repo/../shared" "$root/work/shared" ro
fi

# Inside: the README's steps, each timed.
cat >"$root/fresh-steps.sh" <<'STEPS'
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive HOME=/root LANG=C.UTF-8
timed() {
  local name="$1"
  shift
  local t0=$(date +%s)
  "$@"
  echo "fresh-debian-test: $name took $(($(date +%s) - t0)) s (load average $(cut -d" " -f1-3 /proc/loadavg))" >&2
}
timed "installing git" sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends git ca-certificates >/dev/null'
git config --global --add safe.directory '*'
timed "git clone" git clone -q /srv/readout.git /work/readout
cd /work/readout
timed "./tools/demo.sh" ./tools/demo.sh
[ "${DEMO_ONLY:-false}" = true ] && exit 0
timed "./tools/test.sh" ./tools/test.sh
STEPS
DEMO_ONLY=$demo_only chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  DEMO_ONLY=$demo_only bash /fresh-steps.sh
echo "fresh-debian-test: passed in $(($(date +%s) - start)) s ($(uptime))" >&2
