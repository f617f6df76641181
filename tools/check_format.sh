#!/usr/bin/env bash
# Fails when any C++ file of the project differs from clang-format's output
# (Google base style, .clang-format at the root). Exits 77 (skipped) when
# clang-format is not installed. Fix with: clang-format -i FILE...
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v clang-format >/dev/null 2>&1; then
  echo "SKIP: clang-format is not installed"
  exit 77
fi
cd "$repo"
mapfile -t files < <(find common extractor-service catalog-service cli tests benchmarks \
  -name node_modules -prune -o \( -name '*.cc' -o -name '*.h' \) -print | sort)
echo "checking ${#files[@]} files with $(clang-format --version)"
clang-format --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files clean"
