#!/usr/bin/env bash
# setup.sh — install what Overt's build and tests need on a Debian machine.
#
#   scripts/setup.sh
#
# Go 1.26 must be on PATH (or at /usr/local/go/bin); Debian's own golang
# package is too old. As root, this installs Debian's yara (the reference
# engine our differential tests compare against); without root it only
# reports what is missing, and those tests skip.
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"

if ! command -v go >/dev/null; then
  echo "setup: Go 1.26 is required: install it to /usr/local/go (https://go.dev/doc/install)" >&2
  exit 1
fi
case "$(go env GOVERSION)" in
  go1.2[6-9]*|go1.[3-9]*) ;;
  *) echo "setup: Go 1.26 or newer is required, found $(go env GOVERSION)" >&2; exit 1 ;;
esac

need=()
command -v yara >/dev/null || need+=(yara)
command -v mcs >/dev/null || need+=(mono-mcs) # C# compiler: dotnet module differential tests
command -v tlsh >/dev/null || need+=(tlsh-tools) # reference TLSH digests: yara/modules/internal/tlsh tests
[ -d /usr/share/clamav-testfiles ] || need+=(clamav-testfiles) # one payload in 44 containers: content/all, content/exe tests
command -v extract_chmLib >/dev/null || need+=(libchm-bin) # reference CHM extractor: content/chm tests
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: not root; differential tests will skip without: ${need[*]} (sudo apt-get install ${need[*]})" >&2
  fi
fi
go mod download
