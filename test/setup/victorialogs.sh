#!/usr/bin/env bash
# Installs VictoriaLogs, the real OTLP sink of the end-to-end tests, into
# _build/tools. Usage: test/setup/victorialogs.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
version=v1.52.1
bin=_build/tools/victoria-logs
stamp=_build/tools/.victoria-logs-$version
[[ -x $bin && -f $stamp ]] && exit 0
mkdir -p _build/tools
echo "victorialogs.sh: building VictoriaLogs $version"
GOBIN="$PWD/_build/tools" GOFLAGS=-mod=mod go install "github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs@$version"
touch "$stamp"
