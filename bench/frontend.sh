#!/usr/bin/env bash
# frontend.sh — overt's front end (read, parse, include, check) against
# yarac compiling the same public rule sets, side by side in one run.
#
#   bench/frontend.sh [RUNS=5]
#
# Both are whole commands: `overt rules check FILE` and `yarac FILE OUT`. yarac
# also builds atoms and its automaton, so this compares `rules check` with the
# cheapest complete yara command that reads and validates the same files.
# Reported per command: best wall time and best CPU time (user+sys) of RUNS;
# CPU time is the steadier figure on a busy machine. The Go benchmark
# BenchmarkLoadCheck (yara/check) measures the same work in-process.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shared=$(cd .. && pwd)/shared
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -o "$tmp/overt" ./cmd/overt

# best RUNS CMD... prints "wall cpu" minima over RUNS runs.
best() {
  local n=$1; shift
  for i in $(seq "$n"); do
    /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" >/dev/null 2>&1
    awk '{printf "%.3f %.3f\n", $1, $2+$3}' "$tmp/t"
  done | sort -n | awk 'NR==1{w=$1} {if (c==""||$2<c) c=$2} END{print w, c}'
}

printf '%-14s %-12s %10s %10s\n' set command wall_s cpu_s
for set in yara-rules reversinglabs; do
  idx="$shared/rules/$set/index-compiled.yar"
  read -r w c < <(best "$runs" yarac -w "$idx" "$tmp/out.yarc")
  printf '%-14s %-12s %10s %10s\n' "$set" yarac "$w" "$c"
  read -r w c < <(best "$runs" "$tmp/overt" rules check -w "$idx")
  printf '%-14s %-12s %10s %10s\n' "$set" "overt check" "$w" "$c"
done
