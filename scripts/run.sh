#!/usr/bin/env bash
# run.sh — set up, build and run overt in one step:
#
#   scripts/run.sh rules check rules.yar
#   scripts/run.sh scan -r rules.yar /some/dir
#
# The binary is left at bin/overt for later runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh" >&2
(cd "$root" && CGO_ENABLED=0 go build -o bin/overt ./cmd/overt)
exec "$root/bin/overt" "$@"
