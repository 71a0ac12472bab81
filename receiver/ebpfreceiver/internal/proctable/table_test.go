package proctable

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTable(capacity int) *Table {
	return New(Config{Capacity: capacity, Retention: time.Second, BootID: "boot-1"})
}

func execProc(pid, ppid uint32, start uint64, exe string) *Process {
	return &Process{PID: pid, PPID: ppid, StartNS: start, Image: Image{Exe: exe, Args: []string{exe}}}
}

func TestExecLinksParentAndReplacesImage(t *testing.T) {
	tb := newTable(16)
	shell := tb.Exec(execProc(10, 1, 1000, "/bin/bash"), 1000, 0)
	child := tb.Fork(11, 10, 2000, 1000)
	assert.Equal(t, "/bin/bash", child.Exe, "a forked child runs its parent's image")
	assert.Equal(t, shell.ExecID, child.ParentExecID)

	curl := tb.Exec(execProc(11, 10, 2000, "/usr/bin/curl"), 3000, 1000)
	assert.Same(t, curl, tb.Get(11, 0))
	assert.Equal(t, shell.ExecID, curl.ParentExecID)
	assert.NotEqual(t, child.ExecID, curl.ExecID, "a new image gets a new exec id")
	assert.Same(t, shell, tb.Parent(curl))
}

func TestExecIDsAreUniqueAcrossPIDReuse(t *testing.T) {
	tb := newTable(16)
	first := tb.Exec(execProc(50, 1, 100, "/bin/a"), 100, 0)
	tb.Exit(50, 100, 200)
	second := tb.Exec(execProc(50, 1, 900, "/bin/b"), 900, 0)
	assert.NotEqual(t, first.ExecID, second.ExecID)
	other := New(Config{Capacity: 16, BootID: "boot-2"})
	assert.NotEqual(t, first.ExecID, other.Exec(execProc(50, 1, 100, "/bin/a"), 100, 0).ExecID, "another host or boot")
}

func TestStartTimeMismatchIsAMiss(t *testing.T) {
	tb := newTable(16)
	tb.Exec(execProc(20, 0, 5_000_000_000, "/bin/a"), 5_000_000_000, 0)
	assert.NotNil(t, tb.Get(20, 5_000_000_000+tickNS/2), "within a clock tick: the same process")
	assert.Nil(t, tb.Get(20, 9_000_000_000), "another start time: a reused pid")
	assert.Equal(t, int64(1), tb.Stats.Misses.Load())
}

func TestAncestorsNearestFirstAndBounded(t *testing.T) {
	tb := newTable(16)
	tb.Exec(execProc(1, 0, 1, "/sbin/init"), 1, 0)
	tb.Exec(execProc(2, 1, 2, "/usr/sbin/sshd"), 2, 0)
	tb.Exec(execProc(3, 2, 3, "/bin/bash"), 3, 0)
	leaf := tb.Exec(execProc(4, 3, 4, "/usr/bin/id"), 4, 0)

	var got []string
	for _, a := range tb.Ancestors(nil, leaf, 8) {
		got = append(got, a.Exe)
	}
	assert.Equal(t, []string{"/bin/bash", "/usr/sbin/sshd", "/sbin/init"}, got)
	assert.Len(t, tb.Ancestors(nil, leaf, 2), 2)
	assert.Empty(t, tb.Ancestors(nil, leaf, 0))
}

func TestAncestorsStopOnLoop(t *testing.T) {
	tb := newTable(16)
	tb.Exec(execProc(7, 8, 1, "/a"), 1, 0)
	p := tb.Exec(execProc(8, 7, 2, "/b"), 2, 0)
	assert.Len(t, tb.Ancestors(nil, p, 32), 32, "a cycle is walked at most depth times")
}

func TestCapacityEvictsLeastRecentlyUsed(t *testing.T) {
	tb := newTable(3)
	for pid := uint32(1); pid <= 3; pid++ {
		tb.Exec(execProc(pid, 0, uint64(pid), "/bin/x"), uint64(pid), 0)
	}
	tb.Get(1, 0) // 1 is now the most recent; 2 the least
	tb.Exec(execProc(4, 0, 4, "/bin/x"), 4, 0)
	assert.Equal(t, 3, tb.Len())
	assert.Nil(t, tb.Get(2, 0))
	assert.NotNil(t, tb.Get(1, 0))
	assert.Equal(t, int64(1), tb.Stats.Evictions.Load())
	assert.Equal(t, int64(3), tb.Stats.Size.Load())
}

func TestExitedEntriesStayForRetention(t *testing.T) {
	tb := newTable(16)
	tb.Exec(execProc(30, 1, 10, "/bin/sleep"), 10, 0)
	exited := tb.Exit(30, 10, uint64(time.Second))
	require.NotNil(t, exited)
	tb.Expire(uint64(time.Second) + uint64(500*time.Millisecond))
	assert.Same(t, exited, tb.Get(30, 0), "late records still resolve")
	tb.Expire(uint64(2 * time.Second))
	assert.Equal(t, 0, tb.Len())
}

func TestMissIsRecoveredFromProc(t *testing.T) {
	tb := New(Config{Capacity: 16, BootID: "b", Proc: &ProcReader{Root: "/proc"}})
	self := uint32(os.Getpid())
	p := tb.Get(self, 0)
	require.NotNil(t, p)
	exe, err := os.Executable()
	require.NoError(t, err)
	assert.Equal(t, exe, p.Exe)
	assert.True(t, p.FromProc)
	assert.Equal(t, int64(1), tb.Stats.Recovered.Load())
}

func TestScanFindsRunningProcesses(t *testing.T) {
	tb := New(Config{Capacity: 65536, BootID: "b", Proc: &ProcReader{Root: "/proc"}})
	require.NoError(t, tb.Scan())
	self := tb.Get(uint32(os.Getpid()), 0)
	require.NotNil(t, self)
	assert.Equal(t, uint32(os.Getppid()), self.PPID)
	assert.Equal(t, os.Args, self.Args)
	if parent := tb.Parent(self); parent != nil {
		assert.Equal(t, parent.ExecID, self.ParentExecID)
	}
	assert.Zero(t, tb.Stats.Misses.Load())
}

func TestScanOfMissingProcFails(t *testing.T) {
	tb := New(Config{Capacity: 16, Proc: &ProcReader{Root: "/nonexistent/proc"}})
	err := tb.Scan()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/nonexistent/proc")
}
