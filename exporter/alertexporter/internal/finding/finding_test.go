package finding_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
)

func TestAttributesOfTheRecordThenTheResource(t *testing.T) {
	ld := findingtest.ReverseShellInPod()
	f := findingtest.Finding(ld)
	assert.Equal(t, "VGL-NET-001", f.Attr("security_rule.uuid"), "a record attribute")
	assert.Equal(t, "shop", f.Attr("k8s.namespace.name"), "a resource attribute")
	assert.Equal(t, "", f.Attr("no.such.attribute"))
	assert.Equal(t, "5120", f.Attr("process.pid"), "an int reads as its decimal")
	assert.Equal(t, []string{"VGL-NET-001", "VGL-EXEC-001"}, f.Strings("vigil.finding.rules"))

	findingtest.Record(ld).Attributes().PutStr("k8s.namespace.name", "from-the-record")
	assert.Equal(t, "from-the-record", f.Attr("k8s.namespace.name"), "the record wins")
	assert.True(t, finding.Is(findingtest.Record(ld)))
	assert.False(t, finding.Is(plog.NewLogRecord()))
}

func TestWorkloadIsTheOutermostController(t *testing.T) {
	ld := findingtest.ReverseShellInPod()
	f := findingtest.Finding(ld)
	kind, name := f.Workload()
	assert.Equal(t, "Deployment", kind, "not its ReplicaSet")
	assert.Equal(t, "web", name)

	res := ld.ResourceLogs().At(0).Resource().Attributes()
	res.Remove("k8s.deployment.name")
	res.Remove("k8s.replicaset.name")
	res.PutStr("k8s.job.name", "backup-29012345")
	res.PutStr("k8s.cronjob.name", "backup")
	kind, name = f.Workload()
	assert.Equal(t, "CronJob", kind, "a CronJob's Job is the CronJob's")
	assert.Equal(t, "backup", name)

	kind, name = findingtest.Finding(findingtest.ShadowRead()).Workload()
	assert.Empty(t, kind+name, "a host process has no workload")
}

func TestProcessTree(t *testing.T) {
	assert.Equal(t, "cat(48377) ← bash(48190) ← sshd-session(48100) ← sshd(1023)",
		findingtest.Finding(findingtest.ShadowRead()).ProcessTree())
	assert.Equal(t, "bash(5120) ← nginx(5101)", findingtest.Finding(findingtest.ReverseShellInPod()).ProcessTree(),
		"without the ancestry, the parent")

	ld := findingtest.ShadowRead()
	a := findingtest.Record(ld).Attributes()
	a.Remove("vigil.process.ancestors.name")
	paths, _ := a.Get("vigil.process.ancestors.executable.path")
	paths.Slice().At(1).SetStr("")
	assert.Equal(t, "cat(48377) ← bash(48190) ← ?(48100) ← sshd(1023)", findingtest.Finding(ld).ProcessTree(),
		"names from the executables; an unknown one is ?")
}

func TestPeerAndTechnique(t *testing.T) {
	f := findingtest.Finding(findingtest.ReverseShellInPod())
	assert.Equal(t, "[2001:db8::7]:4444", f.Peer())
	assert.Equal(t, "https://attack.mitre.org/techniques/T1095/", f.TechniqueURL())
	assert.Equal(t, "https://attack.mitre.org/techniques/T1003/008/", findingtest.Finding(findingtest.ShadowRead()).TechniqueURL())
	assert.Empty(t, findingtest.Finding(findingtest.ShadowRead()).Peer())
}

func TestSeverity(t *testing.T) {
	ld := findingtest.ShadowRead()
	f := findingtest.Finding(ld)
	assert.Equal(t, finding.High, f.Severity())

	// Another sensor's finding without vigil.finding.severity: the
	// detection processor's SeverityNumber mapping, read backwards.
	findingtest.Record(ld).Attributes().Remove("vigil.finding.severity")
	for number, want := range map[plog.SeverityNumber]finding.Severity{
		plog.SeverityNumberInfo: finding.Info, plog.SeverityNumberWarn: finding.Low, plog.SeverityNumberWarn3: finding.Medium,
		plog.SeverityNumberError: finding.High, plog.SeverityNumberFatal: finding.Critical,
	} {
		findingtest.Record(ld).SetSeverityNumber(number)
		assert.Equal(t, want, f.Severity(), number.String())
	}

	s, err := finding.ParseSeverity("critical")
	require.NoError(t, err)
	assert.Equal(t, finding.Critical, s)
	_, err = finding.ParseSeverity("urgent")
	assert.Error(t, err)
}

func TestOccurrences(t *testing.T) {
	ld := findingtest.ShadowRead()
	f := findingtest.Finding(ld)
	assert.Equal(t, int64(1), f.Occurrences())
	assert.False(t, f.IsSummary())
	findingtest.Record(ld).Attributes().PutInt("vigil.finding.count", 41)
	assert.Equal(t, int64(41), f.Occurrences(), "a fold summary stands for its count, not count+1")
	assert.True(t, f.IsSummary())
}
