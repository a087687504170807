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

echo "== corpus for the differential tests (built once, cached outside the repo)"
# internal/difftest/e2e compares overt with yara over it; without yara those
# tests skip, and so does building the corpus. OVERT_NO_CORPUS=1 skips it too.
if command -v yara >/dev/null && [ "${OVERT_NO_CORPUS:-0}" != 1 ]; then
  OVERT_CORPUS=$(bash scripts/corpus.sh 50)
  export OVERT_CORPUS
  echo "corpus: $OVERT_CORPUS"
fi

echo "== go test"
# The differential tests against yara take several minutes on 2 cores: more
# than go test's default 10-minute limit per package on a busy machine.
go test -count=1 -timeout 30m ./...
