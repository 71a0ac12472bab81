package kernel

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/cilium/ebpf/ringbuf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func requireRoot(tb testing.TB) {
	if os.Geteuid() != 0 {
		tb.Skip("privileged test: loading BPF programs needs root (sudo make test)")
	}
}

// spawn runs n short processes (fork, exec and exit records each).
func spawn(tb testing.TB, n int) {
	script := "i=0; while [ $i -lt " + strconv.Itoa(n) + " ]; do /bin/true; i=$((i+1)); done"
	require.NoError(tb, exec.Command("/bin/sh", "-c", script).Run())
}

func TestProbeReportsFullRingAsDrops(t *testing.T) {
	requireRoot(t)
	p, err := Load(Options{RingBufferSize: 64 << 10})
	require.NoError(t, err)
	defer p.Close()

	spawn(t, 400) // nobody reads: the 64 KiB ring overflows
	used, size := p.RingUsage()
	assert.Equal(t, 64<<10, size)
	assert.Greater(t, used, size/2, "the ring holds what it could")
	drops, err := p.Drops()
	require.NoError(t, err)
	assert.NotZero(t, drops[TypeExec], "exec records that did not fit are counted")
	assert.NotZero(t, drops[TypeExit])
}

func TestProbeExcludesItsOwnProcess(t *testing.T) {
	requireRoot(t)
	p, err := Load(Options{RingBufferSize: 1 << 20, ExcludeTGID: uint32(os.Getpid())})
	require.NoError(t, err)
	defer p.Close()
	cmd := exec.Command("/bin/true")
	require.NoError(t, cmd.Run())

	var rec ringbuf.Record
	p.SetDeadline(time.Now().Add(300 * time.Millisecond))
	sawChildExec := false
	for {
		err := p.ReadInto(&rec)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		require.NoError(t, err)
		h, err := DecodeHeader(rec.RawSample)
		require.NoError(t, err)
		assert.NotEqual(t, uint32(os.Getpid()), h.Pid, "no record of the excluded process")
		if EventType(h.Type) == TypeFork {
			f, _ := DecodeFork(rec.RawSample)
			assert.NotEqual(t, uint32(os.Getpid()), f.Ppid, "its forks are dropped too")
		}
		if EventType(h.Type) == TypeExec && h.Pid == uint32(cmd.Process.Pid) {
			sawChildExec = true
		}
	}
	assert.True(t, sawChildExec, "its children are still observed")
}

// BenchmarkRingReadDecode measures draining the real kernel ring: ReadInto
// (which copies the record into a reused buffer) plus the header and
// fixed-record decode. Run with a fixed count, e.g. -benchtime=20000x:
// records are produced by real processes, about 3 per process.
func BenchmarkRingReadDecode(b *testing.B) {
	requireRoot(b)
	if os.Getenv("VIGIL_RING_BENCH") == "" {
		b.Skip("needs a fixed -benchtime count (its records come from real processes): run `make bench`")
	}
	p, err := Load(Options{RingBufferSize: 64 << 20})
	require.NoError(b, err)
	defer p.Close()
	var rec ringbuf.Record
	fill := func() {
		b.StopTimer()
		spawn(b, 2000)
		b.StartTimer()
	}
	fill()
	p.SetDeadline(time.Now()) // already passed: an empty ring returns at once
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := p.ReadInto(&rec); err != nil {
			fill()
			i--
			continue
		}
		h, _ := DecodeHeader(rec.RawSample)
		if EventType(h.Type) == TypeExit {
			_, _ = DecodeExit(rec.RawSample)
		}
	}
}

func TestSweepPendingRemovesDeadThreads(t *testing.T) {
	requireRoot(t)
	p, err := Load(Options{RingBufferSize: 1 << 16})
	require.NoError(t, err)
	defer p.Close()
	alive := uint64(os.Getpid())<<32 | uint64(os.Getpid())
	dead := uint64(os.Getpid())<<32 | 0x7ffffff0 // no such thread
	for _, k := range []uint64{alive, dead} {
		require.NoError(t, p.objs.Pending.Put(k, bpfPending{Kind: uint16(SyscallConnect)}))
	}
	n, err := p.SweepPending("/proc")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	var v bpfPending
	assert.NoError(t, p.objs.Pending.Lookup(alive, &v), "a live thread's entry stays")
	assert.Error(t, p.objs.Pending.Lookup(dead, &v), "a dead thread's entry goes")
}
