#!/usr/bin/env bash
# clamscan.sh — `overt scan --unpack` side by side with ClamAV's
# `clamscan -d RULE.yar` using the same YARA rule (issue 5's speed goal:
# faster than clamscan, which also opens archives, documents and packers).
#
#   bench/clamscan.sh [RULE.yar] [CORPUS] [RUNS]
#
# Defaults: the ClamAV test-payload rule of docs/BENCHMARKS.md (written to
# OUT/clamrule.yar), CORPUS=/work/corpus/c1g, RUNS=3. Both scanners run
# single-threaded (clamscan has no thread option; overt gets -p 1) over the
# same directory, one after the other in each run; the page cache is warmed
# by a first untimed pass of each. Prints, per run, wall and CPU seconds of
# each, then the medians, the ratio clamscan/overt of wall medians, and the
# top-level files each one flagged (they differ where one opens a format the
# other does not; the lists are kept in OUT).
#
# Needs clamscan (Debian package clamav, installed by scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
out=${OUT:-/tmp/overt-clamscan}
mkdir -p "$out"
rule=${1:-}
corpus=${2:-/work/corpus/c1g}
runs=${3:-3}
command -v clamscan >/dev/null || { echo "clamscan.sh: clamscan is not installed (apt-get install clamav)" >&2; exit 2; }
if [ -z "$rule" ]; then
  rule=$out/clamrule.yar
  cat >"$rule" <<'YAR'
rule clamav_test_file { strings: $code = { BB 71 10 40 00 33 C0 50 50 8B F3 53 53 50 B0 29 40 30 04 66 AC 79 F9 BA 31 00 78 0D AD 50 FF 66 70 0E 1F BE 31 00 E9 E5 FF B4 09 CD 21 B4 4C CD } condition: $code }
YAR
fi
CGO_ENABLED=0 go build -o "$out/overt" ./cmd/overt

run_clam() { { clamscan --no-summary -i -r -d "$rule" "$corpus" 2>/dev/null || true; } | sed -n 's/: .* FOUND$//p' | sort -u; }
run_overt() { { "$out/overt" scan --unpack -p 1 -r "$rule" "$corpus" 2>/dev/null || true; } | awk '{print $2}' | sed 's/!.*//' | sort -u; }

run_clam >"$out/clamscan.txt"; run_overt >"$out/overt.txt" # warm-up, and the match lists
timed() { # prints "wall cpu"
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$out/time.txt" bash -c "$1" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" '{printf "%.2f %.2f\n", b-a, $1+$2}' "$out/time.txt"
}
export -f run_clam run_overt
export rule corpus out
: >"$out/runs.txt"
for i in $(seq "$runs"); do
  read -r cw cc < <(timed run_clam); read -r ow oc < <(timed run_overt)
  echo "$cw $cc $ow $oc" >>"$out/runs.txt"
  echo "run $i: clamscan ${cw} s wall, ${cc} s CPU   overt ${ow} s wall, ${oc} s CPU"
done
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
cw=$(awk '{print $1}' "$out/runs.txt" | median); ow=$(awk '{print $3}' "$out/runs.txt" | median)
cc=$(awk '{print $2}' "$out/runs.txt" | median); oc=$(awk '{print $4}' "$out/runs.txt" | median)
awk -v cw="$cw" -v ow="$ow" -v cc="$cc" -v oc="$oc" 'BEGIN {
  printf "median: clamscan %.2f s wall %.2f s CPU, overt %.2f s wall %.2f s CPU; ratio clamscan/overt wall %.2f, CPU %.2f\n", cw, cc, ow, oc, cw/ow, cc/oc }'
echo "files flagged: clamscan $(wc -l <"$out/clamscan.txt"), overt $(wc -l <"$out/overt.txt")"
echo "only clamscan: $(comm -23 "$out/clamscan.txt" "$out/overt.txt" | wc -l) (list: comm -23 $out/clamscan.txt $out/overt.txt)"
echo "only overt:    $(comm -13 "$out/clamscan.txt" "$out/overt.txt" | wc -l)"
