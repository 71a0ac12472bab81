#!/bin/sh
# After installing or upgrading otelcol-vigil: the account the unit runs as
# (a system user with no login and no home of its own beyond the state
# directory systemd makes), then systemd told of the unit. The service is
# not started: set the endpoint in /etc/otelcol-vigil/ first, then
# `systemctl enable --now otelcol-vigil`.
# Under `dpkg --root DIR --force-script-chrootless` (DPKG_ROOT=DIR) the
# account is made in DIR's /etc and the running system is left alone.
set -e
root="${DPKG_ROOT:-}"
exists() { # exists passwd|group NAME
	if [ -n "$root" ]; then
		grep -q "^$2:" "$root/etc/$1" 2>/dev/null
	else
		getent "$1" "$2" >/dev/null 2>&1
	fi
}
prefix=""
[ -z "$root" ] || prefix="--prefix $root"
if ! exists group otelcol-vigil; then
	# shellcheck disable=SC2086 # prefix is empty or two words
	groupadd $prefix --system otelcol-vigil
fi
if ! exists passwd otelcol-vigil; then
	# shellcheck disable=SC2086
	useradd $prefix --system --gid otelcol-vigil --no-create-home --home-dir /var/lib/otelcol-vigil \
		--shell /usr/sbin/nologin --comment "Vigil runtime threat sensor" otelcol-vigil
fi
if [ -z "$root" ] && [ -d /run/systemd/system ]; then
	systemctl daemon-reload >/dev/null 2>&1 || true
	# An upgrade restarts a running sensor on the new binary.
	systemctl try-restart otelcol-vigil.service >/dev/null 2>&1 || true
fi
exit 0
