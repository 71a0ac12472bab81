package detectionprocessor

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/metadata"
)

func newTestProcessor(t *testing.T, mutate func(*Config)) (*detectionProcessor, *consumertest.LogsSink) {
	cfg := createDefaultConfig()
	cfg.DefaultRules = false
	cfg.Rules = []string{"testdata/rules"}
	if mutate != nil {
		mutate(cfg)
	}
	require.NoError(t, cfg.Validate())
	sink := new(consumertest.LogsSink)
	p, err := newProcessor(processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	return p, sink
}

// batch is one container's records: a shell from nginx, an ls, a shadow read.
func batch(execID string) plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("container.id", "c0ffee")
	rl.Resource().Attributes().PutBool("vigil.k8s.container.privileged", true)
	sl := rl.ScopeLogs().AppendEmpty()
	add := func(event string, attrs map[string]any) {
		lr := sl.LogRecords().AppendEmpty()
		lr.SetEventName(event)
		lr.SetSeverityNumber(plog.SeverityNumberInfo)
		_ = lr.Attributes().FromRaw(attrs)
		lr.Attributes().PutStr("vigil.process.exec_id", execID)
	}
	add("process.exec", map[string]any{"process.executable.name": "sh", "vigil.process.parent.executable.name": "nginx"})
	add("process.exec", map[string]any{"process.executable.name": "ls", "vigil.process.parent.executable.name": "bash"})
	add("file.open", map[string]any{"file.path": "/etc/shadow"})
	return ld
}

func records(sink *consumertest.LogsSink) []plog.LogRecord {
	var out []plog.LogRecord
	for _, ld := range sink.AllLogs() {
		for _, rl := range ld.ResourceLogs().All() {
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					out = append(out, lr)
				}
			}
		}
	}
	return out
}

func ruleOf(lr plog.LogRecord) string {
	if v, ok := lr.Attributes().Get("security_rule.uuid"); ok {
		return v.Str()
	}
	return ""
}

func TestFindingsAreAnnotatedAndOtherRecordsPass(t *testing.T) {
	p, sink := newTestProcessor(t, func(c *Config) { c.Fold.Window = 0 })
	require.NoError(t, p.ConsumeLogs(context.Background(), batch("e1")))
	got := records(sink)
	require.Len(t, got, 3)
	assert.Equal(t, "TEST-SHELL", ruleOf(got[0]))
	assert.Equal(t, plog.SeverityNumberError, got[0].SeverityNumber())
	score, _ := got[0].Attributes().Get("vigil.finding.risk_score")
	assert.Equal(t, int64(80), score.Int(), "high (65) in a privileged container (+15)")
	assert.Empty(t, ruleOf(got[1]), "ls from bash is no finding")
	assert.Equal(t, plog.SeverityNumberInfo, got[1].SeverityNumber())
	assert.Equal(t, "TEST-SHADOW", ruleOf(got[2]))
}

func TestOnlyFindingsLeaveWhenAsked(t *testing.T) {
	p, sink := newTestProcessor(t, func(c *Config) { c.Output = OutputFindings; c.Fold.Window = 0 })
	require.NoError(t, p.ConsumeLogs(context.Background(), batch("e1")))
	got := records(sink)
	require.Len(t, got, 2)
	assert.Equal(t, "TEST-SHELL", ruleOf(got[0]))
	assert.Equal(t, "TEST-SHADOW", ruleOf(got[1]))

	sink.Reset()
	ld := plog.NewLogs()
	ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty().SetEventName("process.exit")
	require.NoError(t, p.ConsumeLogs(context.Background(), ld))
	assert.Zero(t, sink.LogRecordCount(), "nothing to send: the batch is not passed on")
}

func TestRepeatsAreFoldedIntoASummary(t *testing.T) {
	p, sink := newTestProcessor(t, func(c *Config) { c.Output = OutputFindings; c.Fold.Window = time.Minute })
	for range 4 {
		require.NoError(t, p.ConsumeLogs(context.Background(), batch("e1")))
	}
	require.NoError(t, p.ConsumeLogs(context.Background(), batch("e2")))
	got := records(sink)
	require.Len(t, got, 4, "the first of each rule for e1, then for e2 (another process)")

	sink.Reset()
	p.sendSummaries(context.Background(), time.Now().Add(2*time.Minute))
	summaries := records(sink)
	require.Len(t, summaries, 2, "one per rule folded for e1")
	for _, s := range summaries {
		count, ok := s.Attributes().Get("vigil.finding.count")
		require.True(t, ok)
		assert.Equal(t, int64(3), count.Int(), "three repeats after the first")
		exec, _ := s.Attributes().Get("vigil.process.exec_id")
		assert.Equal(t, "e1", exec.Str())
	}
	assert.Zero(t, p.folder.size())
}

func TestABadRuleFileStopsTheCollector(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Rules = []string{"testdata/rules", "testdata/bad"}
	_, err := newProcessor(processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "testdata/bad/broken.yaml:2: rule BROKEN: condition: unknown macro $nobody_defined_this")

	cfg.Rules = []string{"testdata/nowhere"}
	_, err = newProcessor(processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "testdata/nowhere: no such file or directory")
}

func TestTheDefaultPackRunsWithTheUsersRulesAndListsAreReplaced(t *testing.T) {
	p, sink := newTestProcessor(t, func(c *Config) {
		c.DefaultRules = true
		c.Lists = map[string][]string{"cloud_metadata_addresses": {"127.0.0.9"}}
	})
	var ids []string
	for _, r := range p.eval.Rules() {
		ids = append(ids, r.ID)
	}
	assert.Contains(t, ids, "VGL-EXEC-001", "the pack")
	assert.Contains(t, ids, "TEST-SHELL", "the user's file")

	// The pack's metadata rule now watches the configured address only.
	logs := plog.NewLogs()
	rl := logs.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("container.id", "4a2b04f670935197491379f21821ffb51e65f24bdf2543ece9c28affe227b99b")
	for _, peer := range []string{"127.0.0.9", "169.254.169.254"} {
		lr := rl.ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
		lr.SetEventName("network.connect")
		lr.Attributes().PutStr("process.executable.name", "curl")
		lr.Attributes().PutStr("vigil.process.exec_id", "e-"+peer)
		lr.Attributes().PutStr("network.transport", "tcp")
		lr.Attributes().PutStr("network.peer.address", peer)
		lr.Attributes().PutInt("network.peer.port", 80)
	}
	require.NoError(t, p.ConsumeLogs(context.Background(), logs))
	out := sink.AllLogs()[0].ResourceLogs().At(0).ScopeLogs()
	rule, ok := out.At(0).LogRecords().At(0).Attributes().Get("security_rule.uuid")
	require.True(t, ok, "a container's connect to the configured address")
	assert.Equal(t, "VGL-NET-008", rule.Str())
	_, ok = out.At(1).LogRecords().At(0).Attributes().Get("security_rule.uuid")
	assert.False(t, ok, "169.254.169.254 was replaced")

	cfg := createDefaultConfig()
	cfg.Lists = map[string][]string{"cloud_metadata_adresses": {"127.0.0.9"}}
	_, err := newProcessor(processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "lists::cloud_metadata_adresses: no rule file defines this list")
}
