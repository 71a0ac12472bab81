// Package findingtest builds finding records as the detection processor
// writes them (docs/events.md), for the alert exporter's tests: one on a
// host, one in a Kubernetes Deployment's pod.
package findingtest

import (
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
)

// At is when the tests' findings happened.
var At = time.Date(2026, 11, 25, 9, 30, 0, 123456789, time.UTC)

// ShadowRead is VGL-CRED-001 on a host: cat /etc/shadow, run from a login
// shell.
func ShadowRead() plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	res := rl.Resource().Attributes()
	res.PutStr("host.name", "web-01")
	res.PutStr("host.id", "5c2e8d07a4b14f3e9a61d0b7c3f28e94")
	res.PutStr("os.type", "linux")
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName("github.com/vigil-sensor/vigil/receiver/ebpfreceiver")
	lr := sl.LogRecords().AppendEmpty()
	lr.SetEventName("file.open")
	lr.SetTimestamp(pcommon.NewTimestampFromTime(At))
	lr.SetObservedTimestamp(pcommon.NewTimestampFromTime(At.Add(time.Millisecond)))
	lr.SetSeverityNumber(plog.SeverityNumberError)
	lr.SetSeverityText("ERROR")
	lr.Body().SetStr("open /etc/shadow (read) by cat (pid 48377)")
	a := lr.Attributes()
	a.PutInt("process.pid", 48377)
	a.PutInt("process.parent_pid", 48190)
	a.PutStr("process.executable.path", "/usr/bin/cat")
	a.PutStr("process.executable.name", "cat")
	a.PutStr("vigil.process.name", "cat")
	a.PutStr("process.command_line", "cat /etc/shadow")
	a.PutInt("process.user.id", 0)
	a.PutStr("vigil.process.parent.name", "bash")
	putInts(a, "vigil.process.ancestors.pid", 48190, 48100, 1023)
	putStrs(a, "vigil.process.ancestors.executable.path", "/usr/bin/bash", "/usr/lib/openssh/sshd-session", "/usr/sbin/sshd")
	putStrs(a, "vigil.process.ancestors.name", "bash", "sshd-session", "sshd")
	a.PutStr("file.path", "/etc/shadow")
	a.PutStr("file.name", "shadow")
	a.PutStr("file.directory", "/etc")
	a.PutStr("vigil.file.open.intent", "read")
	putRule(a, "VGL-CRED-001", "Shadow password file read outside the login stack",
		"/etc/shadow or /etc/gshadow (or their backups) was opened for reading by a program that is not part of logging in or managing accounts.",
		"high", "TA0006", "Credential Access", "T1003.008", "OS Credential Dumping: /etc/passwd and /etc/shadow")
	a.PutInt("vigil.finding.risk_score", 68)
	putStrs(a, "vigil.finding.risk_reasons", "cloud.provider")
	return ld
}

// ReverseShellInPod is VGL-NET-001 in the web Deployment's pod: bash
// connecting to a remote port, critical, in a privileged container.
func ReverseShellInPod() plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	res := rl.Resource().Attributes()
	res.PutStr("host.name", "node-1")
	res.PutStr("container.id", "9f3c1b7e2a4d6c8e0b1a3f5d7c9e2b4a6d8f0c1e3a5b7d9f2c4e6a8b0d1f3e5a")
	res.PutStr("container.runtime.name", "containerd")
	res.PutStr("k8s.pod.uid", "7d2c9a14-5e3b-4f86-a1c0-9b8e7f6d5c4a")
	res.PutStr("k8s.cluster.name", "prod-eu")
	res.PutStr("k8s.namespace.name", "shop")
	res.PutStr("k8s.pod.name", "web-7d9f-abcde")
	res.PutStr("k8s.container.name", "web")
	res.PutStr("k8s.node.name", "node-1")
	res.PutStr("k8s.replicaset.name", "web-7d9f")
	res.PutStr("k8s.deployment.name", "web")
	res.PutStr("container.image.name", "registry.example.com/shop/web")
	res.PutBool("vigil.k8s.container.privileged", true)
	sl := rl.ScopeLogs().AppendEmpty()
	lr := sl.LogRecords().AppendEmpty()
	lr.SetEventName("network.connect")
	lr.SetTimestamp(pcommon.NewTimestampFromTime(At))
	lr.SetSeverityNumber(plog.SeverityNumberFatal)
	lr.SetSeverityText("FATAL")
	lr.Body().SetStr("connect tcp 10.0.2.15:48212 → 203.0.113.7:4444 by bash (pid 5120)")
	a := lr.Attributes()
	a.PutInt("process.pid", 5120)
	a.PutInt("process.parent_pid", 5101)
	a.PutStr("process.executable.path", "/usr/bin/bash")
	a.PutStr("process.executable.name", "bash")
	a.PutStr("process.command_line", "bash -i")
	a.PutStr("vigil.process.parent.name", "nginx")
	a.PutStr("network.transport", "tcp")
	a.PutStr("network.peer.address", "2001:db8::7")
	a.PutInt("network.peer.port", 4444)
	putRule(a, "VGL-NET-001", "Shell connected to a remote port",
		"A shell's standard streams are a network socket: a reverse shell.",
		"critical", "TA0011", "Command and Control", "T1095", "Non-Application Layer Protocol")
	putStrs(a, "vigil.finding.rules", "VGL-NET-001", "VGL-EXEC-001")
	a.PutInt("vigil.finding.risk_score", 95)
	putStrs(a, "vigil.finding.risk_reasons", "vigil.k8s.container.privileged")
	return ld
}

// Record is the first record of ld.
func Record(ld plog.Logs) plog.LogRecord {
	return ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
}

// Finding is the first record of ld as a Finding.
func Finding(ld plog.Logs) finding.Finding {
	return finding.Finding{Record: Record(ld), Resource: ld.ResourceLogs().At(0).Resource()}
}

// Repeat is a copy of ld's finding with another pid and time, as a storm
// of one finding makes.
func Repeat(ld plog.Logs, pid int64, at time.Time) plog.Logs {
	out := plog.NewLogs()
	ld.CopyTo(out)
	lr := Record(out)
	lr.Attributes().PutInt("process.pid", pid)
	lr.SetTimestamp(pcommon.NewTimestampFromTime(at))
	return out
}

func putRule(a pcommon.Map, id, name, description, severity, tacticID, tacticName, techniqueID, techniqueName string) {
	a.PutStr("security_rule.uuid", id)
	a.PutStr("security_rule.name", name)
	a.PutStr("security_rule.description", description)
	a.PutStr("security_rule.category", tacticName)
	a.PutStr("security_rule.ruleset.name", "default")
	a.PutStr("security_rule.reference", "https://attack.mitre.org/techniques/"+techniqueID[:5]+"/")
	a.PutStr("vigil.mitre.tactic.id", tacticID)
	a.PutStr("vigil.mitre.tactic.name", tacticName)
	a.PutStr("vigil.mitre.technique.id", techniqueID)
	a.PutStr("vigil.mitre.technique.name", techniqueName)
	a.PutStr("vigil.finding.severity", severity)
	if _, ok := a.Get("vigil.finding.rules"); !ok {
		putStrs(a, "vigil.finding.rules", id)
	}
	putStrs(a, "vigil.finding.techniques", techniqueID)
}

func putStrs(a pcommon.Map, key string, values ...string) {
	s := a.PutEmptySlice(key)
	for _, v := range values {
		s.AppendEmpty().SetStr(v)
	}
}

func putInts(a pcommon.Map, key string, values ...int64) {
	s := a.PutEmptySlice(key)
	for _, v := range values {
		s.AppendEmpty().SetInt(v)
	}
}
