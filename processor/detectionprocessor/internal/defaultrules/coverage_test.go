package defaultrules

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// TestThePackCoversWhatItPromises: at least 50 rules, and for every
// behaviour the pack is documented to detect, a rule on the events that
// show it with the ATT&CK technique it is.
func TestThePackCoversWhatItPromises(t *testing.T) {
	set := compiled(t)
	require.GreaterOrEqual(t, len(set.Rules), 50)
	for _, want := range []struct {
		behaviour string
		event     string
		technique string // an id or its parent technique's
	}{
		{"a shell spawned by a server", "process.exec", "T1059.004"},
		{"an interpreter spawned by a server", "process.exec", "T1059"},
		{"a reverse shell connecting out", "network.connect", "T1095"},
		{"execution from /tmp, /dev/shm", "process.exec", "T1105"},
		{"execution from a memfd", "process.exec", "T1620"},
		{"credential reads", "file.open", "T1003.008"},
		{"ssh keys", "file.open", "T1552.004"},
		{"service-account tokens", "file.open", "T1528"},
		{"cloud credentials", "file.open", "T1552.001"},
		{"binary directory writes", "file.open", "T1554"},
		{"cron", "file.open", "T1053.003"},
		{"systemd units (T1543)", "file.open", "T1543.002"},
		{"new system services started (T1543)", "process.exec", "T1543.002"},
		{"ld.so.preload", "file.open", "T1574.006"},
		{"shell rc files", "file.open", "T1546.004"},
		{"authorized_keys", "file.open", "T1098.004"},
		{"log tampering", "file.unlink", "T1070.002"},
		{"history tampering", "file.unlink", "T1070.003"},
		{"setuid escalation", "process.setuid", "T1548"},
		{"capset escalation", "process.capset", "T1548"},
		{"ptrace injection", "process.ptrace", "T1055.008"},
		{"process_vm_writev injection", "process.vm_write", "T1055"},
		{"W+X memory", "memory.protect", "T1620"},
		{"kernel module loads", "kernel.module_load", "T1547.006"},
		{"BPF loads", "bpf.program_load", "T1014"},
		{"setns escapes", "kernel.setns", "T1611"},
		{"unshare escapes", "kernel.unshare", "T1611"},
		{"mounts of host paths", "file.mount", "T1611"},
		{"release_agent and other kernel hooks", "file.open", "T1611"},
		{"cloud metadata access", "network.connect", "T1552.005"},
		{"stratum ports", "network.connect", "T1496"},
		{"mining pool DNS", "dns.query", "T1496"},
		{"miner names", "process.exec", "T1496"},
		{"network configuration discovery", "process.exec", "T1016"},
		{"network scanning tools", "process.exec", "T1046"},
		{"port scans", "network.connect", "T1046"},
		{"system information discovery", "process.exec", "T1082"},
		{"data from the local system", "process.exec", "T1005"},
	} {
		found := slices.ContainsFunc(set.For(want.event), func(r *rules.Compiled) bool {
			return r.Technique.ID == want.technique || strings.HasPrefix(r.Technique.ID, want.technique+".")
		})
		assert.True(t, found, "%s: no rule on %s with technique %s", want.behaviour, want.event, want.technique)
	}
	kinds := map[rules.Kind]int{}
	for _, r := range set.Rules {
		kinds[r.Kind]++
	}
	assert.Positive(t, kinds[rules.KindSequence], "download-and-execute, a server's shell calling out")
	assert.Positive(t, kinds[rules.KindThreshold], "port scans")
}
