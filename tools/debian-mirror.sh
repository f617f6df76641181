#!/usr/bin/env bash
# Prints the Debian mirror to debootstrap from: READOUT_DEBIAN_MIRROR, else
# the first non-security mirror apt's sources name, else deb.debian.org.
set -euo pipefail
if [ -n "${READOUT_DEBIAN_MIRROR:-}" ]; then
  echo "$READOUT_DEBIAN_MIRROR"
  exit 0
fi
found="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
  awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' || true)"
[ -n "$found" ] || found="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
  awk '/^URIs:/ && $0 !~ /security/ {print $2; exit}' || true)"
echo "${found:-http://deb.debian.org/debian}"
