package correlate

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func at(seconds float64) time.Time { return t0.Add(time.Duration(seconds * float64(time.Second))) }

const (
	step0 uint64 = 1 << iota
	step1
	step2
)

func TestSequenceInOrderCompletes(t *testing.T) {
	s := NewSequence(3, 30*time.Second, Limits{MaxKeys: 10})
	assert.False(t, s.Observe("tree-1", step0, at(0)))
	assert.False(t, s.Observe("tree-2", step1, at(1)), "another key's step does not count")
	assert.False(t, s.Observe("tree-1", step1, at(2)))
	assert.True(t, s.Observe("tree-1", step2, at(3)))
	assert.Equal(t, 0, s.Stats().Keys, "a completed sequence is forgotten")
	assert.False(t, s.Observe("tree-1", step2, at(4)), "and must start again")
}

func TestSequenceOutOfOrderDoesNotComplete(t *testing.T) {
	s := NewSequence(3, 30*time.Second, Limits{MaxKeys: 10})
	assert.False(t, s.Observe("k", step1, at(0)), "step 1 before step 0")
	assert.False(t, s.Observe("k", step2, at(1)))
	assert.False(t, s.Observe("k", step0, at(2)))
	assert.False(t, s.Observe("k", step2, at(3)), "step 2 before step 1")
	assert.False(t, s.Observe("k", step1, at(4)))
	assert.True(t, s.Observe("k", step2, at(5)))
}

func TestOneRecordAdvancesOneStep(t *testing.T) {
	s := NewSequence(2, time.Minute, Limits{MaxKeys: 10})
	assert.False(t, s.Observe("k", step0|step1, at(0)), "a record matching both steps is step 0 only")
	assert.True(t, s.Observe("k", step0|step1, at(1)))
}

func TestSequenceWindowExpires(t *testing.T) {
	s := NewSequence(2, 10*time.Second, Limits{MaxKeys: 10})
	s.Observe("k", step0, at(0))
	assert.False(t, s.Observe("k", step1, at(11)), "the second step came too late")
	s.Observe("k", step0, at(20))
	assert.True(t, s.Observe("k", step1, at(29)))

	s.Observe("other", step0, at(30))
	s.Sweep(at(45))
	assert.Equal(t, 0, s.Stats().Keys, "swept after its window")
}

func TestSequenceRepeatedFirstStepRestartsTheWindow(t *testing.T) {
	s := NewSequence(3, 10*time.Second, Limits{MaxKeys: 10})
	assert.False(t, s.Observe("k", step0, at(0)))
	assert.False(t, s.Observe("k", step0, at(8)), "step 0 again: the window now runs from 8s")
	assert.False(t, s.Observe("k", step1, at(15)), "7s after the latest step 0, 15s after the first")
	assert.True(t, s.Observe("k", step2, at(17)))

	assert.False(t, s.Observe("k", step0, at(30)))
	assert.False(t, s.Observe("k", step1, at(31)))
	assert.False(t, s.Observe("k", step0, at(38)), "past step 1, step 0 again keeps the progress and its start")
	assert.False(t, s.Observe("k", step2, at(41)), "11s after the step 0 that began it")
}

func TestSequenceKeyLimitEvictsTheStalest(t *testing.T) {
	s := NewSequence(2, time.Minute, Limits{MaxKeys: 3})
	for i := range 5 {
		s.Observe(fmt.Sprintf("k%d", i), step0, at(float64(i)))
	}
	st := s.Stats()
	assert.Equal(t, 3, st.Keys)
	assert.Equal(t, int64(2), st.EvictedKeys)
	assert.False(t, s.Observe("k0", step1, at(6)), "k0 was evicted")
	assert.True(t, s.Observe("k4", step1, at(6)))
}

func TestThresholdCountsWithinTheWindow(t *testing.T) {
	th := NewThreshold(3, 10*time.Second, Limits{MaxKeys: 10})
	assert.False(t, th.Count("c", at(0)))
	assert.False(t, th.Count("c", at(5)))
	assert.False(t, th.Count("c", at(11)), "the first one left the window")
	assert.True(t, th.Count("c", at(12)))
	assert.False(t, th.Count("c", at(13)), "counting starts afresh")
}

func TestThresholdCountsDistinctValues(t *testing.T) {
	th := NewThreshold(3, 10*time.Second, Limits{MaxKeys: 10, MaxValues: 100})
	assert.False(t, th.Distinct("c", 22, at(0)))
	assert.False(t, th.Distinct("c", 22, at(1)), "the same port again")
	assert.False(t, th.Distinct("c", 80, at(2)))
	assert.True(t, th.Distinct("c", 443, at(3)))
}

func TestThresholdValueLimit(t *testing.T) {
	th := NewThreshold(10, time.Minute, Limits{MaxKeys: 10, MaxValues: 2})
	for i := range 5 {
		th.Distinct("c", uint64(i), at(float64(i)))
	}
	assert.Equal(t, int64(3), th.Stats().DroppedValues)
}
