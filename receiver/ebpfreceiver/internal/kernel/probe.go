// Package kernel loads Vigil's BPF programs, attaches them to their
// tracepoints and reads the records they write to the ring buffer.
package kernel

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/ringbuf"
	"golang.org/x/sys/unix"
)

// PollInterval is how often the reader must look at the ring: the programs
// do not wake it for each record, only when a quarter of the ring is full.
const PollInterval = 50 * time.Millisecond

// Options are the load-time settings of the probe.
type Options struct {
	// RingBufferSize is the size of the shared ring in bytes: a power of two
	// and a multiple of the page size.
	RingBufferSize uint32
	// ExcludeTGID is a process whose activity the programs drop before it
	// costs anything (the collector itself); 0 excludes nothing.
	ExcludeTGID uint32
	// BTFPath is a BTF file describing the running kernel, for kernels that
	// do not expose /sys/kernel/btf/vmlinux. Empty uses the kernel's own.
	BTFPath string
	// CgroupV1 makes the programs read the memory controller's cgroup
	// hierarchy instead of the unified one.
	CgroupV1 bool
	// Groups are the syscall event groups to attach; the others cost nothing.
	Groups map[Group]bool
	// ExcludeLoopback drops connects and accepts whose peer is 127/8 or ::1.
	ExcludeLoopback bool
	// Watch lists the paths whose file events are reported.
	Watch WatchList
	// Exclude lists executables and cgroups whose syscall events the
	// kernel drops.
	Exclude Exclusions
}

// Exclusions are the executables (exact paths) and cgroups (paths; a
// cgroup's descendants are excluded with it) whose syscall events are not
// wanted.
type Exclusions struct {
	Executables []string
	Cgroups     []string
}

func (x Exclusions) any() bool { return len(x.Executables)+len(x.Cgroups) > 0 }

// WatchList is the file watch list in the form the kernel matches it.
type WatchList struct {
	// Prefixes are absolute paths: exact (Exact) or prefixes of longer ones.
	// A path under /proc/ has "*" for a process id ("/proc/*/environ").
	Prefixes []WatchPrefix
	// Names match the last components of any path: "name", "dir/name" or "dir/".
	Names []WatchName
	// NamePrefixes match the start of a path's last component ("id_rsa").
	NamePrefixes []WatchName
}

// WatchPrefix is one entry of the kernel's path trie.
type WatchPrefix struct {
	Path  string
	Exact bool
	// Exclude makes the entry hide what it covers from shorter entries;
	// it has no category.
	Exclude  bool
	Category WatchCategory
}

// WatchName is one entry of the kernel's name table.
type WatchName struct {
	Name     string
	Category WatchCategory
}

// WatchCategory is the id of a category of watched paths (1 to
// MaxWatchCategory), reported in file records, whether only opens that may
// modify a file count for it, and whether only opens that returned a
// regular file do.
type WatchCategory struct {
	ID          uint16
	WritesOnly  bool
	RegularOnly bool
}

// WATCH_WRITES_ONLY and WATCH_REGULAR_ONLY in bpf/lib/watch.h.
const (
	watchWritesOnly  = 0x8000
	watchRegularOnly = 0x4000
)

// MaxWatchCategory is the highest category id.
const MaxWatchCategory = watchRegularOnly - 1

func (c WatchCategory) kernelValue() uint16 {
	v := c.ID
	if c.WritesOnly {
		v |= watchWritesOnly
	}
	if c.RegularOnly {
		v |= watchRegularOnly
	}
	return v
}

// Limits of watch entries, from bpf/lib/watch.h.
const (
	WatchPrefixMax = 255
	WatchNameMax   = 63
)

// Probe is the loaded BPF object with its links and ring buffer reader.
type Probe struct {
	objs   bpfObjects
	links  []link.Link
	reader *ringbuf.Reader
}

// attachment names a program and the raw tracepoint it runs on.
type attachment struct {
	prog       *ebpf.Program
	tracepoint string
}

// Load checks that the host can run Vigil, loads and verifies the programs,
// attaches them and opens the ring buffer. On error nothing stays loaded.
func Load(opts Options) (*Probe, error) {
	if err := Preflight(opts.BTFPath); err != nil {
		return nil, err
	}
	spec, err := loadBpf()
	if err != nil {
		return nil, fmt.Errorf("reading the embedded BPF object: %w", err)
	}
	spec.Maps["events"].MaxEntries = opts.RingBufferSize
	if err := spec.Variables["self_tgid"].Set(opts.ExcludeTGID); err != nil {
		return nil, err
	}
	if err := spec.Variables["cgroup_v1"].Set(opts.CgroupV1); err != nil {
		return nil, err
	}
	// Wake the reader early once a quarter of the ring is pending; below
	// that it finds the records on its next poll (see PollInterval).
	if err := spec.Variables["wakeup_bytes"].Set(uint64(opts.RingBufferSize / 4)); err != nil {
		return nil, err
	}
	if err := spec.Variables["exclude_loopback"].Set(opts.ExcludeLoopback); err != nil {
		return nil, err
	}
	if err := spec.Variables["have_exclusions"].Set(opts.Exclude.any()); err != nil {
		return nil, err
	}
	if err := spec.Variables["have_name_prefixes"].Set(len(opts.Watch.NamePrefixes) > 0); err != nil {
		return nil, err
	}
	if err := spec.Variables["o_directory"].Set(uint32(unix.O_DIRECTORY)); err != nil {
		return nil, err
	}
	if err := spec.Variables["trace_compat"].Set(traceCompat(opts.Groups)); err != nil {
		return nil, err
	}

	var collOpts ebpf.CollectionOptions
	if opts.BTFPath != "" {
		kernelTypes, err := btf.LoadSpec(opts.BTFPath)
		if err != nil {
			return nil, fmt.Errorf("loading btf_path %s: %w", opts.BTFPath, err)
		}
		collOpts.Programs.KernelTypes = kernelTypes
	}

	p := &Probe{}
	if err := spec.LoadAndAssign(&p.objs, &collOpts); err != nil {
		return nil, explainLoadError(err)
	}
	for _, a := range []attachment{
		{p.objs.VigilProcessExec, "sched_process_exec"},
		{p.objs.VigilProcessExit, "sched_process_exit"},
		{p.objs.VigilProcessFork, "sched_process_fork"},
	} {
		l, err := link.AttachRawTracepoint(link.RawTracepointOptions{Name: a.tracepoint, Program: a.prog})
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("attaching to raw tracepoint %s: %w", a.tracepoint, err)
		}
		p.links = append(p.links, l)
	}
	if err := p.fillWatchList(opts.Watch); err != nil {
		p.Close()
		return nil, err
	}
	if err := p.fillExclusions(opts.Exclude); err != nil {
		p.Close()
		return nil, err
	}
	if err := p.attachSyscalls(opts.Groups); err != nil {
		p.Close()
		return nil, err
	}
	p.reader, err = ringbuf.NewReader(p.objs.Events)
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("opening the ring buffer: %w", err)
	}
	return p, nil
}

// explainLoadError turns the kernel's refusals into messages that say what to do.
func explainLoadError(err error) error {
	var verr *ebpf.VerifierError
	if errors.As(err, &verr) {
		return fmt.Errorf("the kernel's BPF verifier rejected Vigil's programs (please report this with your kernel version): %+v", verr)
	}
	if errors.Is(err, os.ErrPermission) {
		return fmt.Errorf("loading BPF programs was refused (%w): run as root or grant %s", err, RequiredCapabilities)
	}
	return fmt.Errorf("loading BPF programs: %w", err)
}

// ReadInto blocks until the next record or the deadline set by SetDeadline
// (os.ErrDeadlineExceeded). rec's buffer is reused, so reading allocates nothing.
func (p *Probe) ReadInto(rec *ringbuf.Record) error {
	return p.reader.ReadInto(rec)
}

// SetDeadline bounds the next ReadInto calls; the zero time waits forever.
func (p *Probe) SetDeadline(t time.Time) {
	p.reader.SetDeadline(t)
}

// Wake makes a blocked ReadInto return the records already in the ring and
// then ringbuf.ErrFlushed; it is how another goroutine interrupts the reader.
func (p *Probe) Wake() error {
	return p.reader.Flush()
}

// RingUsage reports the bytes written to the ring but not read yet, and its size.
func (p *Probe) RingUsage() (used, size int) {
	return p.reader.AvailableBytes(), p.reader.BufferSize()
}

// Drops returns, per event type, the records the kernel could not write
// because the ring was full, summed over CPUs since load.
func (p *Probe) Drops() ([EventTypeMax]uint64, error) {
	var total [EventTypeMax]uint64
	var perCPU []uint64
	for t := uint32(0); t < EventTypeMax; t++ {
		if err := p.objs.Drops.Lookup(t, &perCPU); err != nil {
			return total, fmt.Errorf("reading drop counters: %w", err)
		}
		for _, n := range perCPU {
			total[t] += n
		}
	}
	return total, nil
}

// ExcludeProcess drops the syscall events of a running process. The
// programs mark processes themselves when they exec a listed executable;
// this is for those that were running before the probe was loaded.
func (p *Probe) ExcludeProcess(tgid uint32) error {
	return p.objs.ExcludedTgids.Put(tgid, uint8(1))
}

// ExcludeCgroup drops the syscall events of every process in a cgroup, for
// cgroups that existed before the probe was loaded.
func (p *Probe) ExcludeCgroup(id uint64) error {
	return p.objs.ExcludedCgroups.Put(id, uint8(1))
}

// Close detaches every program and frees every map. Safe to call twice.
func (p *Probe) Close() error {
	var errs []error
	if p.reader != nil {
		errs = append(errs, p.reader.Close())
		p.reader = nil
	}
	errs = append(errs, closeAll(p.links))
	p.links = nil
	errs = append(errs, p.objs.Close())
	return errors.Join(errs...)
}

// closeAll detaches links concurrently: each detach from a tracepoint waits
// for an RCU grace period (tens of milliseconds), and with one link per
// traced syscall, one after the other would take seconds.
func closeAll(links []link.Link) error {
	errs := make([]error, len(links))
	var wg sync.WaitGroup
	for i, l := range links {
		wg.Go(func() { errs[i] = l.Close() })
	}
	wg.Wait()
	return errors.Join(errs...)
}
