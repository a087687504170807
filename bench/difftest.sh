#!/usr/bin/env bash
# difftest.sh — the long differential runs of `overt scan` against yara:
# what the CI test (internal/difftest/e2e) samples, in full.
#
#   bench/difftest.sh [JOB...]
#
# Jobs (default: all four):
#   gen-rl, gen-yr        files generated from every rule of reversinglabs /
#                         Yara-Rules (every variant), scanned with -s -L
#   corpus-rl, corpus-yr  the corpus scanned with -r (-s for reversinglabs)
#
# Both engines get the same flags, -w and -p THREADS. Outputs are made
# comparable by prefixing every string line with its rule line and sorting;
# the diff is kept in OUT/JOB.diff. One summary line per job:
#   JOB files=N yara: rules=R strings=S Ts  overt: rules=R strings=S Ts  diff-lines=D
# Yara-Rules is slow with yara (about 1 MiB/s): corpus-yr on the 1 GiB corpus
# takes yara around a quarter of an hour with 2 threads.
#
# Environment:
#   CORPUS        corpus directory (default /work/corpus/c1g)
#   THREADS       -p for both engines (default 2)
#   OUT           where outputs and diffs go (default /tmp/overt-difftest)
#   OVERT_SHARED  the shared material (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
shared=${OVERT_SHARED:-$(cd .. && pwd)/shared}
corpus=${CORPUS:-/work/corpus/c1g}
threads=${THREADS:-2}
out=${OUT:-/tmp/overt-difftest}
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(gen-rl gen-yr corpus-rl corpus-yr)
command -v yara >/dev/null || { echo "difftest.sh: yara is not installed" >&2; exit 2; }
mkdir -p "$out"
CGO_ENABLED=0 go build -o "$out/overt" ./cmd/overt

rules_of() {
  case $1 in
    *-rl) echo "$shared/rules/reversinglabs/index-compiled.yar" ;;
    *-yr) echo "$shared/rules/yara-rules/index-compiled.yar" ;;
  esac
}

# annotate: prefix string lines with their rule line, so that sorting keeps
# them attached to their (rule, file).
annotate() { awk '/^0x/ { print rule " :: " $0; next } { rule = $0; print }' | LC_ALL=C sort; }

# timed NAME CMD...: runs CMD with its output in $out/$job.NAME, records
# wall seconds in $out/$job.NAME.time.
timed() {
  local name=$1; shift
  local a b
  a=$(date +%s.%N)
  "$@" > "$out/$job.$name.raw" 2> "$out/$job.$name.err" || echo "difftest.sh: $job: $name exited $?" >&2
  b=$(date +%s.%N)
  python3 -c "print(f'{$b - $a:.1f}')" > "$out/$job.$name.time"
  annotate < "$out/$job.$name.raw" > "$out/$job.$name"
  rm -f "$out/$job.$name.raw"
}

for job in "${jobs[@]}"; do
  rules=$(rules_of "$job")
  case $job in
    gen-*)
      target=$out/$job.files
      rm -rf "$target"
      go run ./internal/difftest/cmd/gen -seed 1 "$rules" "$target" >&2
      flags=(-s -L -w -p "$threads" -r)
      ;;
    corpus-rl) target=$corpus; flags=(-s -w -p "$threads" -r) ;;
    corpus-yr) target=$corpus; flags=(-w -p "$threads" -r) ;;
    *) echo "difftest.sh: unknown job $job" >&2; exit 2 ;;
  esac
  files=$(find "$target" -type f | wc -l)
  timed yara yara "${flags[@]}" "$rules" "$target"
  timed overt "$out/overt" scan "${flags[@]}" "$rules" "$target"
  diff "$out/$job.yara" "$out/$job.overt" > "$out/$job.diff" || true
  count() { local f=$1; shift; grep -c "$@" "$out/$job.$f" || true; }
  echo "$job files=$files" \
    "yara: rules=$(count yara -v ' :: ') strings=$(count yara ' :: ') $(cat "$out/$job.yara.time")s " \
    "overt: rules=$(count overt -v ' :: ') strings=$(count overt ' :: ') $(cat "$out/$job.overt.time")s " \
    "diff-lines=$(grep -c '^[<>]' "$out/$job.diff" || true)"
done
