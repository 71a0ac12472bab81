#!/usr/bin/env bash
# `sudo make demo`: VictoriaLogs on loopback, otelcol-vigil (the ebpf
# receiver and the built-in rules) exporting to it, a few harmless
# attack-like actions, and the address of VictoriaLogs' web UI showing the
# findings. Runs until Ctrl-C, or for DEMO_SECONDS.
#   DEMO_PORT           VictoriaLogs' port on 127.0.0.1 (9428)
#   DEMO_SECONDS        stop after this many seconds (default: never)
#   VIGIL_DIST          the collector (_build/otelcol-vigil)
#   VIGIL_VICTORIALOGS  VictoriaLogs (_build/tools/victoria-logs)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
port=${DEMO_PORT:-9428}
dist=${VIGIL_DIST:-$root/_build/otelcol-vigil}
victorialogs=${VIGIL_VICTORIALOGS:-$root/_build/tools/victoria-logs}
if [[ $(id -u) -ne 0 ]]; then
	echo "demo: run as root (sudo make demo): the ebpf receiver loads BPF programs" >&2
	exit 1
fi
if ! command -v curl >/dev/null; then
	echo "demo: needs curl (apt-get install curl)" >&2
	exit 1
fi

work=$(mktemp -d /tmp/vigil-demo.XXXXXX)
pids=()
# TERM, not INT: a script's background commands start with SIGINT ignored.
stop() {
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap stop EXIT
trap 'exit 0' INT TERM

# wait_for tries a command every 200 ms for up to 60 s.
wait_for() {
	for _ in $(seq 300); do
		if "$@" >/dev/null 2>&1; then return 0; fi
		sleep 0.2
	done
	echo "demo: gave up waiting for: $*" >&2
	return 1
}

"$victorialogs" -httpListenAddr="127.0.0.1:$port" -storageDataPath="$work/victorialogs" -loggerLevel=WARN \
	>"$work/victorialogs.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
wait_for curl -sf "$base/health" || { cat "$work/victorialogs.log" >&2; exit 1; }
echo "demo: VictoriaLogs is at $base"

VIGIL_DEMO_LOGS_ENDPOINT="$base/insert/opentelemetry/v1/logs" "$dist" --config "$root/examples/demo/otelcol.yaml" \
	>"$work/otelcol.log" 2>&1 &
pids+=($!)
wait_for grep -q "Everything is ready" "$work/otelcol.log" || { cat "$work/otelcol.log" >&2; exit 1; }
echo "demo: otelcol-vigil is watching this host"

# Harmless, but what an intruder does: read the password hashes, and plant
# a set-user-ID copy of a program (of /usr/bin/true, in the demo's own
# temporary directory) and run it from there.
echo "demo: reading /etc/shadow; making $work/helper set-user-ID and running it"
cat /etc/shadow >/dev/null
cp /usr/bin/true "$work/helper"
chmod u+s "$work/helper"
"$work/helper"
count() { curl -sf "$base/select/logsql/query" --data-urlencode 'query=security_rule.uuid:* | stats count() n'; }
wait_for bash -c "curl -sf '$base/select/logsql/query' --data-urlencode 'query=security_rule.uuid:=\"VGL-CRED-001\"' | grep -q ."
echo "demo: findings so far: $(count | sed 's/.*"n":"\([0-9]*\)".*/\1/')"

# The findings in the UI's table, over the last hour, each line saying its
# rule, severity, risk score and what happened:
#   security_rule.uuid:* | format "<security_rule.uuid> <vigil.finding.severity>
#     (risk <vigil.finding.risk_score>) <security_rule.name>: <_msg>" as _msg
query='security_rule.uuid%3A%2A%20%7C%20format%20%22%3Csecurity_rule.uuid%3E%20%3Cvigil.finding.severity%3E%20%28risk%20%3Cvigil.finding.risk_score%3E%29%20%3Csecurity_rule.name%3E%3A%20%3C_msg%3E%22%20as%20_msg'
echo
echo "Findings in VictoriaLogs' web UI:"
echo "  $base/select/vmui/#/?query=$query&g0.relative_time=last_1_hour&view=table"
echo
if [[ -n ${DEMO_SECONDS:-} ]]; then
	echo "demo: stopping in $DEMO_SECONDS s"
	sleep "$DEMO_SECONDS" &
else
	echo "demo: running until Ctrl-C"
	sleep infinity &
fi
pids+=($!)
wait $!
