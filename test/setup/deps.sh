#!/usr/bin/env bash
# Installs the Debian packages Vigil's build and tests need, skipping those
# already present. Usage: test/setup/deps.sh [build|test|bench|kube]
#   build  clang, llvm and libbpf headers, to regenerate the BPF objects
#   test   build + runc and busybox (real containers), setpriv/su, setcap (libcap2-bin), curl (the detection e2e downloads from loopback),
#          ca-certificates (the image ships its bundle), systemd (systemd-analyze verifies the unit),
#          chromium (the demo's web page, rendered headless)
#          Alertmanager (the alert exporter's destination), a C compiler (the benign workload compiles)
#   bench  test + bpftrace (the baseline) and a C compiler (the storm)
#   kube   only etcd, the store of the tests' kube-apiserver (test/setup/kube.sh)
set -euo pipefail

want=(clang llvm libbpf-dev)
case "${1:-test}" in
test) want+=(runc busybox-static util-linux libcap2-bin curl gcc libc6-dev chromium prometheus-alertmanager ca-certificates systemd) ;;
bench) want+=(runc busybox-static util-linux curl bpftrace gcc libc6-dev) ;;
kube) want=(etcd-server) ;;
esac

missing=()
for pkg in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
	echo "deps.sh: missing Debian packages: ${missing[*]}; run as root (sudo make ...) or install them" >&2
	exit 1
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
