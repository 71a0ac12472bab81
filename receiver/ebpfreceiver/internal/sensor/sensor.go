// Package sensor runs the receiver's event loop: it reads the kernel ring
// buffer, keeps the process cache current, encodes records into batches and
// hands them to the next consumer, holding (and so letting the kernel count
// losses) while the pipeline refuses data.
package sensor

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"

	"github.com/cilium/ebpf/ringbuf"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadata"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/records"
)

// housekeepingInterval paces the work that is not driven by records:
// expiring exited processes, publishing counters, re-syncing the clock.
const housekeepingInterval = time.Second

// finalFlushTimeout bounds how long shutdown waits for the pipeline to take
// the last batch; what it refuses until then is counted as lost.
const finalFlushTimeout = 5 * time.Second

// sweepInterval paces the removal of syscall entries whose thread died
// inside the call.
const sweepInterval = time.Minute

// Emit selects which record types are sent; the cache sees all of them.
type Emit struct {
	Exec, Exit, Fork bool
}

// Config is everything the sensor needs, resolved from the receiver config.
type Config struct {
	Probe              kernel.Options
	Table              proctable.Config
	AncestryDepth      int
	Emit               Emit
	BatchMaxSize       int
	BatchTimeout       time.Duration
	LossReportInterval time.Duration
	Host               records.Host
	Scope              records.Scope
	Redact             func([]string) []string
	// WatchCategories names the watch category ids of file records.
	WatchCategories func(id uint16) string
	// CgroupRoot is where the cgroup hierarchy the probe reads is mounted.
	CgroupRoot string
}

// Sensor is one running instance of the event loop.
type Sensor struct {
	cfg    Config
	next   consumer.Logs
	logger *zap.Logger
	tel    *metadata.TelemetryBuilder

	probe ring
	table *proctable.Table
	enc   records.Encoder
	batch *records.Batch
	// decoded holds the last socket or syscall record decoded. Encoders are
	// reached through the table of record types, as function values the
	// compiler cannot see into, so a record decoded into a local variable
	// would be moved to the heap, once per record.
	decoded struct {
		net     kernel.Net
		syscall kernel.Syscall
	}
	count counters
	// lastDrops are the kernel's drop counters at the last loss report.
	lastDrops [kernel.EventTypeMax]uint64
	// workloads remembers the container of each cgroup seen at exec, for
	// records of processes the cache does not know.
	workloads workloadsByCgroup
	// containers estimates when each container started, for drift.
	containers containerStarts

	batchDeadline time.Time // zero while the batch is empty
	nextHousekeep time.Time
	nextLossCheck time.Time
	nextSweep     time.Time

	cancel context.CancelFunc
	done   sync.WaitGroup
}

// ring is what the loop needs of the kernel side; *kernel.Probe is the real one.
type ring interface {
	ReadInto(*ringbuf.Record) error
	SetDeadline(time.Time)
	Wake() error
	Drops() ([kernel.EventTypeMax]uint64, error)
	RingUsage() (used, size int)
	ExcludeProcess(tgid uint32) error
	ExcludeCgroup(id uint64) error
	SweepPending(procRoot string) (int, error)
	Close() error
}

// New prepares a sensor; nothing touches the kernel before Start.
func New(cfg Config, next consumer.Logs, logger *zap.Logger, tel *metadata.TelemetryBuilder) *Sensor {
	if cfg.WatchCategories == nil {
		cfg.WatchCategories = func(uint16) string { return "" }
	}
	return &Sensor{cfg: cfg, next: next, logger: logger, tel: tel}
}

// Start loads and attaches the BPF programs, then reads the ring in the
// background. Errors here are the host's (privileges, BTF, kernel version)
// and say what to do.
func (s *Sensor) Start() error {
	probe, err := kernel.Load(s.cfg.Probe)
	if err != nil {
		return err
	}
	s.probe = probe
	s.table = proctable.New(s.cfg.Table)
	s.enc = records.Encoder{Table: s.table, Clock: kernel.NewClock(), AncestryDepth: s.cfg.AncestryDepth,
		WatchCategories: s.cfg.WatchCategories}
	s.batch = records.NewBatch(s.cfg.Host, s.cfg.Scope)
	if err := s.registerGauges(); err != nil {
		probe.Close()
		return err
	}

	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		// The programs are attached before the scan: a process that starts
		// or exits meanwhile is in the ring, and its record, read after the
		// scan, has the last word.
		if err := s.table.Scan(); err != nil {
			s.logger.Warn("scanning running processes; records of processes started before the collector will lack context", zap.Error(err))
		}
		s.learnContainerStarts(kernel.BootNow())
		if x := s.cfg.Probe.Exclude; len(x.Executables)+len(x.Cgroups) > 0 {
			s.excludeRunning(x, s.cfg.CgroupRoot)
		}
		s.run(ctx)
	}()
	return nil
}

// learnContainerStarts feeds the processes the start-up scan found to the
// container start estimates: the oldest process of a container running
// before the collector is the best estimate of its start.
func (s *Sensor) learnContainerStarts(nowNS uint64) {
	s.table.Each(func(p *proctable.Process) {
		s.containers.saw(p.Container.ContainerID, p.StartNS, nowNS)
	})
}

// Shutdown stops the loop, sends what is batched and detaches everything.
func (s *Sensor) Shutdown() error {
	if s.cancel == nil {
		return nil
	}
	s.cancel()
	_ = s.probe.Wake()
	s.done.Wait()
	s.cancel = nil
	return s.probe.Close()
}

func (s *Sensor) run(ctx context.Context) {
	var rec ringbuf.Record
	now := time.Now()
	s.nextHousekeep = now.Add(housekeepingInterval)
	s.nextLossCheck = now.Add(s.cfg.LossReportInterval)
	s.nextSweep = now.Add(sweepInterval)
	for ctx.Err() == nil {
		s.probe.SetDeadline(s.wakeAt())
		err := s.probe.ReadInto(&rec)
		switch {
		case err == nil:
			s.handle(ctx, rec.RawSample)
		case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, ringbuf.ErrFlushed):
		case errors.Is(err, ringbuf.ErrClosed):
			return
		default:
			s.logger.Error("reading the ring buffer", zap.Error(err))
			time.Sleep(10 * time.Millisecond) // do not spin on a persistent error
		}
		s.tick(ctx, time.Now())
	}
	s.drain(ctx)
}

// drain sends what is left when the loop stops: the records still in the
// ring, the batch, the last loss report. The pipeline after the receiver is
// still running while it shuts down, so they get a fresh context and a
// bounded time; records that do not make it in that time are counted as
// lost ("shutdown"), not dropped silently.
func (s *Sensor) drain(ctx context.Context) {
	final, cancel := context.WithTimeout(context.WithoutCancel(ctx), finalFlushTimeout)
	defer cancel()
	deadline, _ := final.Deadline()
	var rec ringbuf.Record
	var unsent [kernel.EventTypeMax]uint64
	s.probe.SetDeadline(time.Now()) // an empty ring ends the reading
	for {
		if err := s.probe.ReadInto(&rec); err != nil && !errors.Is(err, ringbuf.ErrFlushed) {
			break
		} else if err != nil {
			continue
		}
		now := time.Now()
		if now.Before(deadline) {
			s.handle(final, rec.RawSample)
			continue
		}
		if h, err := kernel.DecodeHeader(rec.RawSample); err == nil && uint32(h.Type) < kernel.EventTypeMax {
			unsent[h.Type]++
		}
		if now.After(deadline.Add(time.Second)) {
			break // the programs keep writing until they are detached
		}
	}
	now := time.Now()
	for t, n := range unsent {
		if n > 0 {
			s.lost(context.WithoutCancel(ctx), records.EventName(uint32(t)), n, "shutdown", now)
		}
	}
	s.reportLoss(final, now)
	s.flush(final)
}

// wakeAt is when the loop must stop waiting for records.
func (s *Sensor) wakeAt() time.Time {
	t := time.Now().Add(kernel.PollInterval)
	if s.nextHousekeep.Before(t) {
		t = s.nextHousekeep
	}
	if !s.batchDeadline.IsZero() && s.batchDeadline.Before(t) {
		t = s.batchDeadline
	}
	return t
}

// tick does the time-driven work that is due.
func (s *Sensor) tick(ctx context.Context, now time.Time) {
	if !s.batchDeadline.IsZero() && !now.Before(s.batchDeadline) {
		s.flush(ctx)
	}
	if now.Before(s.nextHousekeep) {
		return
	}
	s.nextHousekeep = now.Add(housekeepingInterval)
	s.table.Expire(kernel.BootNow())
	s.enc.Clock.Refresh()
	s.count.publish(ctx, s.tel, &s.table.Stats)
	if !now.Before(s.nextLossCheck) {
		s.nextLossCheck = now.Add(s.cfg.LossReportInterval)
		s.reportLoss(ctx, now)
	}
	if !now.Before(s.nextSweep) {
		s.nextSweep = now.Add(sweepInterval)
		if _, err := s.probe.SweepPending(s.cfg.Table.Proc.Root); err != nil {
			s.logger.Warn("sweeping in-flight syscalls", zap.Error(err))
		}
	}
}

// added is called after a record was appended to the batch.
func (s *Sensor) added(ctx context.Context) {
	if s.batch.Len() >= s.cfg.BatchMaxSize {
		s.flush(ctx)
		return
	}
	if s.batchDeadline.IsZero() {
		s.batchDeadline = time.Now().Add(s.cfg.BatchTimeout)
	}
}

func (s *Sensor) registerGauges() error {
	return errors.Join(
		s.tel.RegisterReceiverEbpfProcessCacheSizeCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(s.table.Stats.Size.Load())
			return nil
		}),
		s.tel.RegisterReceiverEbpfRingBufferUsageCallback(func(_ context.Context, o metric.Int64Observer) error {
			used, _ := s.probe.RingUsage()
			o.Observe(int64(used))
			return nil
		}),
	)
}
