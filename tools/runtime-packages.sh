#!/usr/bin/env bash
# Prints the Debian packages that hold the shared libraries BINARY... load,
# as `ldd` resolves them (one package a line, sorted, libc6 included). The
# image builds install exactly these into the runtime images, so an image
# carries what its binaries need and nothing else.
# Usage: tools/runtime-packages.sh BINARY...
set -euo pipefail
(($#)) || { echo "usage: $0 BINARY..." >&2; exit 2; }
for binary in "$@"; do
  if ldd "$binary" | grep -q "not found"; then
    echo "runtime-packages: $binary has unresolved libraries:" >&2
    ldd "$binary" | grep "not found" >&2
    exit 1
  fi
  # "libfoo.so.1 => /lib/x86_64-linux-gnu/libfoo.so.1 (0x...)", and the
  # loader on a line of its own.
  ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'
done | sort -u | while read -r lib; do
  # dpkg knows each file under one spelling: /lib/... or /usr/lib/... (usrmerge).
  for path in "$lib" "$(realpath "$lib")" "/usr$lib" "${lib#/usr}"; do
    if owner="$(dpkg -S "$path" 2>/dev/null)"; then
      echo "${owner%%:*}"
      continue 2
    fi
  done
  echo "runtime-packages: no package holds $lib" >&2
  exit 1
done | sort -u
