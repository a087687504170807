#!/usr/bin/env bash
# corpus.sh — build the corpus of real files the differential tests scan
# (internal/difftest/e2e), once, into a cache directory outside the
# repository, and print its path.
#
#   scripts/corpus.sh [SIZE_MB=50]
#
# The corpus is ../shared/bench/make-corpus.sh's: deterministic for given
# Debian package versions (ELF binaries, text, compressed files, clamav's
# PE/PDF/Office samples, generated large and tiny files). Building it takes
# about a minute when its packages are installed; as root, make-corpus.sh
# installs the missing ones first (a few GB of downloads on a fresh machine).
#
# Environment:
#   OVERT_CACHE             cache directory (default $HOME/.cache/overt);
#                           the corpus is OVERT_CACHE/corpus-SIZE
#   OVERT_SHARED            the shared material (default ../shared)
#   MAKE_CORPUS_NO_INSTALL  1: never run apt-get (default 1 when not root)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-50}
shared=${OVERT_SHARED:-$(cd .. && pwd)/shared}
cache=${OVERT_CACHE:-$HOME/.cache/overt}
dir=$cache/corpus-$size

# The manifest is moved in last: its presence marks a complete corpus.
if [ -d "$dir" ] && [ -f "$dir.manifest/MANIFEST.summary.txt" ]; then
  echo "$dir"
  exit 0
fi
make=$shared/bench/make-corpus.sh
if [ ! -f "$make" ]; then
  echo "corpus.sh: $make not found (set OVERT_SHARED)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  export MAKE_CORPUS_NO_INSTALL=${MAKE_CORPUS_NO_INSTALL:-1}
fi
mkdir -p "$cache"
tmp=$dir.tmp
rm -rf "$dir" "$dir.manifest" "$tmp" "$tmp.manifest"
start=$(date +%s)
bash "$make" "$tmp" "$size" >&2
mv "$tmp" "$dir"
mv "$tmp.manifest" "$dir.manifest"
echo "corpus.sh: built $dir in $(( $(date +%s) - start ))s" >&2
echo "$dir"
