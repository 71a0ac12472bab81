#!/usr/bin/env bash
# Builds the Go vulnerability database govulncheck reads (`make lint`) into
# _build/vulndb, from the golang.org/x/vulndb module at the version given:
# this machine reaches the Go module proxy, not vuln.go.dev. The module
# carries every report as OSV JSON; its indexdb command writes the database
# layout govulncheck's -db file:// expects. Usage: test/setup/vulndb.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."
version=${1:?usage: vulndb.sh VERSION}
out=_build/vulndb
stamp=$out/.vulndb-$version
[[ -f $stamp ]] && exit 0
mod=golang.org/x/vulndb
dir=$(GOFLAGS=-mod=mod go mod download -json "$mod@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -d $dir/data/osv ]] || { echo "vulndb.sh: $mod@$version has no data/osv" >&2; exit 1; }
echo "vulndb.sh: indexing the Go vulnerability database at $version"
rm -rf "$out"
GOFLAGS=-mod=mod go run "$mod/cmd/indexdb@$version" -vulns "$dir/data/osv" -out "$out"
touch "$stamp"
