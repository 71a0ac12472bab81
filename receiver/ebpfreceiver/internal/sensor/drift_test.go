package sensor

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
)

const (
	driftContainer = "4f0c1a4a4e4b2b6c8d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"
	driftCgroup    = "/kubepods/besteffort/pod0b5f7c3e-1d2a-4b6c-8e9f-a0b1c2d3e4f5/" + driftContainer
)

// execAt is an exec record of a process created at startNS (boot clock)
// that exec'ed, at startNS+1ms, an executable whose ctime is ctimeNS
// (wall clock).
func execAt(pid uint32, startNS, ctimeNS uint64, exe, cgroup string) []byte {
	args := exe + "\x00"
	ev := kernel.ExecEvent{
		Ppid: 1, StartBoottime: startNS, ExeCtimeNs: ctimeNS,
		ArgsLen: uint16(len(args)), ExeLen: uint16(len(exe)), CgroupLen: uint16(len(cgroup)),
	}
	ev.Hdr = kernel.Header{Pid: pid, Tid: pid, Type: uint16(kernel.TypeExec), KtimeNs: startNS + uint64(time.Millisecond)}
	return rawOf(&ev, args+exe+cgroup)
}

// driftOf returns the vigil.process.exec.drift of every exec record, by
// executable ("absent" when the record has none).
func driftOf(t *testing.T, sink *consumertest.LogsSink) map[string]any {
	t.Helper()
	got := map[string]any{}
	for _, logs := range sink.AllLogs() {
		for _, rl := range logs.ResourceLogs().All() {
			for _, lr := range rl.ScopeLogs().At(0).LogRecords().All() {
				if lr.EventName() != "process.exec" {
					continue
				}
				attrs := lr.Attributes().AsRaw()
				v, ok := attrs["vigil.process.exec.drift"]
				if !ok {
					v = "absent"
				}
				got[attrs["process.executable.path"].(string)] = v
			}
		}
	}
	return got
}

func TestChangedAfter(t *testing.T) {
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC).UnixNano()
	assert.True(t, changedAfter(uint64(start+1), start))
	assert.False(t, changedAfter(uint64(start), start), "changed at the very start: not after it")
	assert.False(t, changedAfter(uint64(start-int64(time.Hour)), start), "shipped with the image")
}

func TestDriftedNeedsAKnownContainerAndCtime(t *testing.T) {
	clock := kernel.NewClock()
	var c containerStarts
	start := uint64(100 * time.Second)
	c.saw(driftContainer, start, start)
	later := uint64(clock.WallNS(start) + int64(time.Second))
	earlier := uint64(clock.WallNS(start) - int64(time.Second))

	assert.True(t, c.drifted(driftContainer, later, clock))
	assert.False(t, c.drifted(driftContainer, earlier, clock))
	assert.False(t, c.drifted(driftContainer, 0, clock), "ctime unknown")
	assert.False(t, c.drifted("", later, clock), "a host process")
	assert.False(t, c.drifted("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", later, clock), "a container never seen")

	c.saw("", start, start)
	c.saw(driftContainer, 0, start)
	assert.Equal(t, 1, c.size(), "host processes and unknown creation times are not recorded")
}

func TestContainerStartIsTheEarliestProcess(t *testing.T) {
	var c containerStarts
	c.saw(driftContainer, 50, 60)
	c.saw(driftContainer, 40, 70)
	c.saw(driftContainer, 90, 95)
	e := c.byID[driftContainer]
	require.NotNil(t, e)
	assert.Equal(t, uint64(40), e.startNS)
	assert.Equal(t, uint64(95), e.seenNS)
}

func TestContainerStartsAreBounded(t *testing.T) {
	c := containerStarts{max: 3}
	ids := []string{"a", "b", "c", "d"}
	c.saw(ids[0], 1, 10)
	c.saw(ids[1], 1, 20)
	c.saw(ids[2], 1, 30)
	c.saw(ids[0], 1, 40) // a is seen again: b is now the least recent
	c.saw(ids[3], 1, 50)
	assert.Equal(t, 3, c.size())
	assert.NotContains(t, c.byID, "b")
	for _, id := range []string{"a", "c", "d"} {
		assert.Contains(t, c.byID, id)
	}
}

func TestExecDriftInAContainer(t *testing.T) {
	sink := new(consumertest.LogsSink)
	s, _ := newTestSensor(t, sink)
	ctx := context.Background()
	clock := s.enc.Clock
	start := uint64(1000 * time.Second) // the container's first process
	wallAfter := func(bootNS uint64, d time.Duration) uint64 { return uint64(clock.WallNS(bootNS) + int64(d)) }

	// The container's first process runs what the image shipped, changed
	// long before it started.
	s.handle(ctx, execAt(10, start, wallAfter(start, -time.Hour), "/usr/sbin/nginx", driftCgroup))
	// A process created later runs a file written after the container
	// started but before that process was created: drift, because the
	// container's start is its earliest process's.
	later := start + uint64(time.Minute)
	s.handle(ctx, execAt(11, later, wallAfter(start, time.Second), "/tmp/dropped", driftCgroup))
	// The same on the host: a host process never has drift.
	s.handle(ctx, execAt(12, later, wallAfter(start, time.Second), "/tmp/host-built", "/user.slice/session-1.scope"))
	// A container's process whose executable's ctime is unknown.
	s.handle(ctx, execAt(13, later, 0, "/bin/unknown", driftCgroup))
	s.flush(ctx)

	assert.Equal(t, map[string]any{
		"/usr/sbin/nginx": "absent",
		"/tmp/dropped":    true,
		"/tmp/host-built": "absent",
		"/bin/unknown":    "absent",
	}, driftOf(t, sink))
}

func TestExecDriftCountsFromTheFirstProcessSeenOfANewContainer(t *testing.T) {
	sink := new(consumertest.LogsSink)
	s, _ := newTestSensor(t, sink)
	ctx := context.Background()
	clock := s.enc.Clock
	start := uint64(2000 * time.Second)
	// The first process the sensor sees of a container: its creation is the
	// start. A file it wrote itself before its exec is drift...
	s.handle(ctx, execAt(20, start, uint64(clock.WallNS(start)+int64(time.Millisecond/2)), "/tmp/self-written", driftCgroup))
	// ...but in another container first seen through a process created
	// after the file was written, the file predates the estimated start:
	// the caveat of a container older than what the sensor saw of it.
	other := "/kubepods/besteffort/pod0b5f7c3e-1d2a-4b6c-8e9f-a0b1c2d3e4f5/" + "5f0c1a4a4e4b2b6c8d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"
	s.handle(ctx, execAt(21, start, uint64(clock.WallNS(start)-int64(time.Second)), "/tmp/written-before", other))
	s.flush(ctx)
	assert.Equal(t, map[string]any{"/tmp/self-written": true, "/tmp/written-before": "absent"}, driftOf(t, sink))
}

func TestTheScanTellsAContainersStart(t *testing.T) {
	s, _ := newTestSensor(t, consumertest.NewNop())
	start := uint64(3000 * time.Second)
	for i, pid := range []uint32{30, 31} { // as the start-up scan finds them
		s.table.Exec(&proctable.Process{PID: pid, PPID: 1, StartNS: start + uint64(i)*uint64(time.Hour), Image: proctable.Image{
			Exe: "/app", Cgroup: driftCgroup, Container: containerid.Parse(driftCgroup),
		}}, start, 0)
	}
	s.table.Exec(&proctable.Process{PID: 32, PPID: 1, StartNS: 1, Image: proctable.Image{Exe: "/sbin/init"}}, 1, 0)
	s.learnContainerStarts(start + uint64(2*time.Hour))
	require.Equal(t, 1, s.containers.size(), "host processes are not containers")
	assert.Equal(t, start, s.containers.byID[driftContainer].startNS)
}

func TestAForkTellsItsKnownParentsStart(t *testing.T) {
	sink := new(consumertest.LogsSink)
	s, _ := newTestSensor(t, sink)
	ctx := context.Background()
	clock := s.enc.Clock
	start := uint64(3000 * time.Second)
	// A process of the container the cache holds but the container starts
	// do not (forgotten when full).
	s.table.Exec(&proctable.Process{PID: 30, PPID: 1, StartNS: start, Image: proctable.Image{
		Exe: "/app", Cgroup: driftCgroup, Container: containerid.Parse(driftCgroup),
	}}, start, 0)

	// An hour later it forks a child that execs a file written in between.
	forkNS := start + uint64(time.Hour)
	fork := kernel.ForkEvent{StartBoottime: forkNS, ParentStartBoottime: start, Ppid: 30}
	fork.Hdr = kernel.Header{Pid: 31, Tid: 31, Type: uint16(kernel.TypeFork), KtimeNs: forkNS}
	s.handle(ctx, rawOf(&fork, ""))
	s.handle(ctx, execAt(31, forkNS, uint64(clock.WallNS(start)+int64(time.Minute)), "/tmp/payload", driftCgroup))
	s.flush(ctx)
	assert.Equal(t, map[string]any{"/tmp/payload": true}, driftOf(t, sink))
	assert.Equal(t, start, s.containers.byID[driftContainer].startNS)
}

// BenchmarkExecInContainer is BenchmarkHandle's exec in a container: the
// drift decision's map lookup on top of the rest.
func BenchmarkExecInContainer(b *testing.B) {
	s, _ := newTestSensor(b, consumertest.NewNop())
	ctx := context.Background()
	execs := make([][]byte, 1000)
	for i := range execs {
		execs[i] = execAt(uint32(100+i), uint64(time.Hour)+uint64(i), 1, "/usr/bin/true", driftCgroup)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		s.handle(ctx, execs[n%len(execs)])
		if s.batch.Len() >= 512 {
			s.batch.Take()
		}
		n++
	}
}
