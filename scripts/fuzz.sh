#!/usr/bin/env bash
# fuzz.sh — run the native Go fuzz targets for a while each.
#
#   scripts/fuzz.sh [DURATION] [PATTERN]
#
# DURATION is a Go duration per target (default 10m); PATTERN selects targets
# by "package:Target" substring (default: all). New crashers land in the
# package's testdata/fuzz/ directory and become regression tests of the
# normal `go test` run: commit them with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
dur=${1:-10m}
pat=${2:-}
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | awk '{print $2}'); do
    case "$pkg:$target" in *"$pat"*) ;; *) continue ;; esac
    echo "== $pkg $target ($dur)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$dur" -parallel 1 "$pkg"
  done
done
