package grouping_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/grouping"
)

var by = []string{"security_rule.uuid", "k8s.namespace.name", "host.name"}

func TestKey(t *testing.T) {
	shadow := findingtest.Finding(findingtest.ShadowRead())
	again := findingtest.Finding(findingtest.Repeat(findingtest.ShadowRead(), 999, findingtest.At))
	assert.Equal(t, grouping.Key(shadow, by), grouping.Key(again, by), "another pid, the same group")
	assert.NotEqual(t, grouping.Key(shadow, by), grouping.Key(shadow, append(by, "process.pid")))
	assert.NotEqual(t, grouping.Key(shadow, by), grouping.Key(findingtest.Finding(findingtest.ReverseShellInPod()), by))
	assert.Equal(t, map[string]string{"security_rule.uuid": "VGL-CRED-001", "k8s.namespace.name": "", "host.name": "web-01"},
		grouping.Attributes(shadow, by))
}

// admit offers a repeat of the shadow finding at time at.
func admit(w *grouping.Window, at time.Time, occurrences int64) bool {
	ld := findingtest.Repeat(findingtest.ShadowRead(), at.UnixNano()%100000, at)
	return w.Admit("shadow", at, occurrences, func() plog.Logs { return ld })
}

func count(t *testing.T, ld plog.Logs) int64 {
	t.Helper()
	v, ok := findingtest.Record(ld).Attributes().Get("vigil.finding.count")
	require.True(t, ok, "a summary carries vigil.finding.count")
	return v.Int()
}

// A storm of one finding: the first at once, then at most one message per
// window, each counting the occurrences it stands for.
func TestAStormIsOneMessagePerWindow(t *testing.T) {
	t0 := findingtest.At
	w := grouping.NewWindow(time.Minute, 100)
	assert.True(t, admit(w, t0, 1), "the first is sent")
	for i := 1; i <= 99; i++ {
		assert.False(t, admit(w, t0.Add(time.Duration(i)*100*time.Millisecond), 1))
	}
	assert.Empty(t, w.Due(t0.Add(59*time.Second)), "the window is open")

	due := w.Due(t0.Add(time.Minute))
	require.Len(t, due, 1)
	assert.Equal(t, int64(99), count(t, due[0]))
	assert.Equal(t, int64(1), findingtest.Record(due[0]).Timestamp().AsTime().Sub(t0).Milliseconds()/100,
		"the summary is the first repeat")

	// The summary opened the next window: a repeat now waits for it.
	assert.False(t, admit(w, t0.Add(61*time.Second), 1))
	due = w.Due(t0.Add(2 * time.Minute))
	require.Len(t, due, 1)
	assert.Equal(t, int64(1), count(t, due[0]))

	// A window without repeats forgets its group: the next finding goes.
	assert.Empty(t, w.Due(t0.Add(3*time.Minute)))
	assert.Equal(t, 0, w.Len())
	assert.True(t, admit(w, t0.Add(4*time.Minute), 1))
}

// The detection processor's fold summaries carry their count: a group's
// summary adds them up, never multiplies.
func TestFoldSummariesAddUp(t *testing.T) {
	t0 := findingtest.At
	w := grouping.NewWindow(time.Minute, 100)
	assert.True(t, admit(w, t0, 1))
	assert.False(t, admit(w, t0.Add(time.Second), 41), "a fold summary of 41 repeats")
	assert.False(t, admit(w, t0.Add(2*time.Second), 1))
	due := w.Due(t0.Add(time.Minute))
	require.Len(t, due, 1)
	assert.Equal(t, int64(42), count(t, due[0]))
}

func TestDrainAndLimit(t *testing.T) {
	t0 := findingtest.At
	w := grouping.NewWindow(time.Hour, 2)
	assert.True(t, w.Admit("a", t0, 1, nil))
	assert.True(t, w.Admit("b", t0, 1, nil))
	assert.True(t, w.Admit("c", t0, 1, nil), "no room: sent unfolded")
	assert.True(t, w.Admit("c", t0, 1, nil), "still no room")
	assert.Equal(t, 2, w.Len())

	assert.True(t, admit(w, t0, 1), "no room for the shadow group either: sent")
	assert.False(t, w.Admit("a", t0.Add(time.Second), 1, func() plog.Logs { return findingtest.ShadowRead() }))
	drained := w.Drain()
	require.Len(t, drained, 1, "only groups with repeats have a summary")
	assert.Equal(t, int64(1), count(t, drained[0]))
	assert.Equal(t, 0, w.Len())
}
