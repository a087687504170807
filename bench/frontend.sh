#!/usr/bin/env bash
# frontend.sh — parse+check time of overt's front end against yarac's compile
# time on the public rule sets, measured side by side in one run.
#
#   bench/frontend.sh [RUNS=5]
#
# yarac does more than parse and check (it also builds atoms and its
# automaton), so this compares overt's `rules check` work with the cheapest
# complete yara command that reads and validates the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shared=$(cd .. && pwd)/shared
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for set in yara-rules reversinglabs; do
  idx="$shared/rules/$set/index-compiled.yar"
  best=999
  for i in $(seq "$runs"); do
    s=$(date +%s.%N); yarac -w "$idx" "$tmp/out.yarc"; e=$(date +%s.%N)
    best=$(python3 -c "print(min($best, $e-$s))")
  done
  printf 'yarac %-14s best of %d: %.3f s\n' "$set" "$runs" "$best"
done
go test -run '^$' -bench BenchmarkLoadCheck -benchtime "${runs}x" ./yara/check/ | grep -E '^Benchmark'
