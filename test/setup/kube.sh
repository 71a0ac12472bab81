#!/usr/bin/env bash
# Installs what the Kubernetes integration tests (test/harness/kube.go) run:
# etcd from Debian, and the kube-apiserver built from its tools module
# (internal/tools/kube-apiserver) into _build/tools. Usage: test/setup/kube.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v etcd >/dev/null || test/setup/deps.sh kube

mod=internal/tools/kube-apiserver
bin=_build/tools/kube-apiserver
# Touched after a successful build: a build interrupted part-way, or an edit
# of the module since, means building again.
stamp=_build/tools/.kube-apiserver
if [[ -x $bin && -f $stamp && ! $mod/go.mod -nt $stamp && ! $mod/go.sum -nt $stamp && ! $mod/main.go -nt $stamp ]]; then
	exit 0
fi
version=$(awk '$1 == "k8s.io/kubernetes" { print $2 }' $mod/go.mod)
IFS=. read -r major minor _ <<<"${version#v}"
# A plain go build reports v0.0.0-master; stamp the release the way
# Kubernetes' own build does, so /version answers as a real cluster would.
v=k8s.io/component-base/version
ldflags="-X $v.gitVersion=$version -X $v.gitMajor=$major -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
mkdir -p _build/tools
echo "kube.sh: building kube-apiserver $version (5 to 12 minutes the first time)"
go -C $mod build -ldflags "$ldflags" -o "$PWD/$bin" .
touch "$stamp"
