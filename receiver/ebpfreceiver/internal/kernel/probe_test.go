package kernel

import (
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/cilium/ebpf/btf"
	"github.com/cilium/ebpf/ringbuf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/testenv"
)

// requireRoot marks a test that loads BPF programs (testenv.Privileged).
func requireRoot(tb testing.TB) {
	tb.Helper()
	testenv.Privileged(tb)
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

// The exec record carries the executable's inode ctime exactly as stat(2)
// reports it, whichever of the kernel's three ctime layouts the kernel has.
// This kernel has one of them; the others are simulated by loading with a
// copy of its BTF in which struct inode declares the ctime the older way, at
// the same place: the programs then take the older layout's branch, and the
// CO-RE offsets it gets must still read the right bytes.
func TestProbeExecCarriesTheExecutablesCtime(t *testing.T) {
	requireRoot(t)
	for _, tc := range []struct{ name, layout string }{
		{"this kernel", ""},
		{"6.6 to 6.10 layout", "__i_ctime"},
		{"before 6.6 layout", "i_ctime"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var btfPath string
			if tc.layout != "" {
				btfPath = kernelBTFWithTimespecCtime(t, tc.layout)
			}
			p, err := Load(Options{RingBufferSize: 1 << 20, ExcludeTGID: uint32(os.Getpid()), BTFPath: btfPath})
			require.NoError(t, err)
			defer p.Close()

			exe := filepath.Join(t.TempDir(), "true-copy")
			data, err := os.ReadFile("/bin/true")
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(exe, data, 0o755))
			cmd := exec.Command(exe)
			require.NoError(t, cmd.Run())
			var st unix.Stat_t
			require.NoError(t, unix.Stat(exe, &st))

			var rec ringbuf.Record
			var ev Exec
			p.SetDeadline(time.Now().Add(5 * time.Second))
			for {
				require.NoError(t, p.ReadInto(&rec), "no exec record of %s", exe)
				h, err := DecodeHeader(rec.RawSample)
				require.NoError(t, err)
				if EventType(h.Type) != TypeExec || h.Pid != uint32(cmd.Process.Pid) {
					continue
				}
				require.NoError(t, DecodeExec(rec.RawSample, &ev))
				assert.Equal(t, exe, string(ev.Exe))
				assert.Equal(t, uint64(st.Ctim.Nano()), ev.ExeCtimeNs, "ctime %d.%09d", st.Ctim.Sec, st.Ctim.Nsec)
				return
			}
		})
	}
}

// kernelBTFWithTimespecCtime writes this kernel's BTF with struct inode's
// ctime declared as a struct timespec64 member named name (__i_ctime in
// 6.6-6.10, i_ctime before), placed so that its tv_sec and tv_nsec are where
// this kernel keeps the ctime's seconds and nanoseconds.
func kernelBTFWithTimespecCtime(t *testing.T, name string) string {
	t.Helper()
	spec, err := btf.LoadKernelSpec()
	require.NoError(t, err)
	var inode *btf.Struct
	require.NoError(t, spec.TypeByName("inode", &inode))
	var sec, nsec *btf.Member
	for i := range inode.Members {
		switch inode.Members[i].Name {
		case "i_ctime_sec":
			sec = &inode.Members[i]
		case "i_ctime_nsec":
			nsec = &inode.Members[i]
		}
	}
	if sec == nil || nsec == nil {
		t.Skipf("this kernel's struct inode has no i_ctime_sec/i_ctime_nsec (older than 6.11): its own layout is the one tested")
	}
	long := &btf.Int{Name: "long", Size: 8, Encoding: btf.Signed}
	nsecAt := nsec.Offset - sec.Offset
	timespec := &btf.Struct{Name: "timespec64", Size: uint32(nsecAt.Bytes()) + 8, Members: []btf.Member{
		{Name: "tv_sec", Type: sec.Type, Offset: 0},
		{Name: "tv_nsec", Type: long, Offset: nsecAt},
	}}
	members := make([]btf.Member, 0, len(inode.Members))
	for _, m := range inode.Members {
		switch m.Name {
		case "i_ctime_sec":
			members = append(members, btf.Member{Name: name, Type: timespec, Offset: m.Offset})
		case "i_ctime_nsec":
		default:
			members = append(members, m)
		}
	}
	inode.Members = members

	var types []btf.Type
	for typ, err := range spec.All() {
		require.NoError(t, err)
		types = append(types, typ)
	}
	b, err := btf.NewBuilder(types, nil)
	require.NoError(t, err)
	raw, err := b.Marshal(nil, &btf.MarshalOptions{Order: binary.NativeEndian})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "vmlinux.btf")
	require.NoError(t, os.WriteFile(path, raw, 0o644))
	return path
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
