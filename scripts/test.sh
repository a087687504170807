#!/usr/bin/env bash
# test.sh — the project's test command: formatting, vet, unit and
# differential tests, and the static cross-builds the agent depends on.
#
#   scripts/test.sh            # everything CI runs (a few minutes on 2 cores)
#
# Long fuzzing and benchmark runs are not part of it: see docs/TESTING.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
bash scripts/setup.sh

echo "== gofmt"
bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$bad" ]; then echo "gofmt would change: $bad" >&2; exit 1; fi

echo "== go vet"
go vet ./...

echo "== static cross-builds (CGO_ENABLED=0)"
for target in linux/amd64 linux/arm64 windows/amd64 darwin/amd64 darwin/arm64; do
  CGO_ENABLED=0 GOOS=${target%/*} GOARCH=${target#*/} go build -o /dev/null ./...
  echo "ok $target"
done

echo "== go test"
go test -count=1 ./...
