#!/usr/bin/env bash
# Installs @grafana/lezer-logql, the LogQL grammar of Grafana's Loki query
# editor, into _build/tools/lezer-logql: the Loki dashboard's queries are
# parsed with it (internal/dashboards). Needs Node.js and npm (Debian's, or
# the machine's). Usage: test/setup/logql.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
version=0.4.2
dir=_build/tools/lezer-logql
stamp=$dir/.lezer-logql-$version
[[ -f $stamp ]] && exit 0
if ! command -v npm >/dev/null; then
	echo "logql.sh: installing Node.js and npm"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
mkdir -p "$dir"
echo "logql.sh: installing @grafana/lezer-logql $version"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "@grafana/lezer-logql@$version"
touch "$stamp"
