package kernel

import (
	"runtime"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// BenchmarkSyscallWithRawEnter measures what the raw sys_enter program
// (bpf/raw_sys_enter.h), which looks for 32-bit syscalls, adds to every
// syscall of every process: the cost of a getppid, the cheapest syscall,
// with nothing on the raw sys_enter tracepoint, with an empty program there
// (the tracepoint's own cost), and with Vigil's, without and with the
// lookup of syscalls the kernel lacks. Besides wall time per call it reports the
// thread's CPU time per call (cpu-ns/op), which time the machine's other
// tenants take from it does not inflate (compare minimums over -count
// runs), and the kernel's own account of the program's run time
// (prog-ns/run, BPF statistics, which add two clock reads to each run).
func BenchmarkSyscallWithRawEnter(b *testing.B) {
	requireRoot(b)
	// Loaded as the kernel group loads it, and attached here alone.
	spec, err := loadBpf()
	require.NoError(b, err)
	require.NoError(b, spec.Variables["trace_compat"].Set(true))
	var objs bpfObjects
	require.NoError(b, spec.LoadAndAssign(&objs, nil))
	defer objs.Close()
	empty, err := ebpf.NewProgram(&ebpf.ProgramSpec{
		Type:         ebpf.RawTracepoint,
		License:      "GPL",
		Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()},
	})
	require.NoError(b, err)
	defer empty.Close()

	stats, err := ebpf.EnableStats(uint32(unix.BPF_STATS_RUN_TIME))
	require.NoError(b, err)
	defer stats.Close()
	for _, bench := range []struct {
		name          string
		prog          *ebpf.Program
		unimplemented bool // the kernel lacks a syscall whose attempts matter
	}{
		{"nothing attached", nil, false},
		{"empty program", empty, false},
		{"raw sys_enter program", objs.VigilRawEnter, false},
		{"raw sys_enter program, a syscall missing", objs.VigilRawEnter, true},
	} {
		b.Run(bench.name, func(b *testing.B) {
			require.NoError(b, objs.HaveUnimplemented.Set(bench.unimplemented))
			if bench.prog != nil {
				l, err := link.AttachRawTracepoint(link.RawTracepointOptions{Name: "sys_enter", Program: bench.prog})
				require.NoError(b, err)
				defer l.Close()
			}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			before := programStats(b, bench.prog)
			start := threadCPU()
			for b.Loop() {
				unix.RawSyscall(unix.SYS_GETPPID, 0, 0, 0)
			}
			b.ReportMetric(float64(threadCPU()-start)/float64(b.N), "cpu-ns/op")
			if after := programStats(b, bench.prog); after.RunCount > before.RunCount {
				b.ReportMetric(float64(after.Runtime-before.Runtime)/float64(after.RunCount-before.RunCount), "prog-ns/run")
			}
		})
	}
}

// threadCPU is the CPU time of the calling thread, in nanoseconds.
func threadCPU() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts)
	return ts.Nano()
}

// programStats are prog's run count and time; zero for no program.
func programStats(b *testing.B, prog *ebpf.Program) ebpf.ProgramStats {
	if prog == nil {
		return ebpf.ProgramStats{}
	}
	st, err := prog.Stats()
	require.NoError(b, err)
	return *st
}
