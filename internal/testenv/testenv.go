// Package testenv sorts Vigil's tests into the two suites the Makefile runs:
// `make unit` (go test -short: no root, no service, minutes on a warm
// machine) and `make integration` (real BPF programs, containers, a
// kube-apiserver, the built distribution). An integration test says so
// first thing, so the unit suite passes it by; in the integration suite it
// must run, and CI counts a skip there as a failure (.ci/run).
package testenv

import (
	"os"
	"testing"
)

// Integration marks t as an integration test: skipped by `make unit`.
func Integration(tb testing.TB) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("integration test: `make integration` runs it")
	}
}

// Privileged marks t as an integration test that needs root: it loads BPF
// programs, makes containers or changes namespaces.
func Privileged(tb testing.TB) {
	tb.Helper()
	Integration(tb)
	if os.Geteuid() != 0 {
		tb.Skip("privileged test: it loads BPF programs and needs root (CI runs `make test` as root; locally use `sudo make integration`)")
	}
}
