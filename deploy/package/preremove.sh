#!/bin/sh
# Before removing otelcol-vigil (not on upgrade): stop and disable the unit.
# The account and /var/lib/otelcol-vigil stay, as the queue may hold records.
set -e
case "$1" in
remove | 0)
	if [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
		systemctl disable --now otelcol-vigil.service >/dev/null 2>&1 || true
	fi
	;;
esac
exit 0
