package sensor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"
	"unsafe"

	"github.com/cilium/ebpf/ringbuf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"
	"go.uber.org/zap"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadata"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadatatest"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/records"
)

// newTestSensor builds a sensor without a kernel probe: records are fed to
// handle directly, as the event loop would after reading the ring.
func newTestSensor(t testing.TB, next consumer.Logs) (*Sensor, *componenttest.Telemetry) {
	tt := componenttest.NewTelemetry()
	t.Cleanup(func() { _ = tt.Shutdown(context.Background()) })
	tel, err := metadata.NewTelemetryBuilder(metadatatest.NewSettings(tt).TelemetrySettings)
	require.NoError(t, err)
	s := New(Config{
		Table:        proctable.Config{Capacity: 4096, BootID: "b"},
		Emit:         Emit{Exec: true, Exit: true, Fork: true},
		BatchMaxSize: 512, BatchTimeout: time.Hour,
		Redact:          func(a []string) []string { return a },
		WatchCategories: testWatchCategory,
	}, next, zap.NewNop(), tel)
	s.probe = &fakeRing{}
	s.table = proctable.New(s.cfg.Table)
	s.enc = records.Encoder{Table: s.table, Clock: kernel.NewClock(), AncestryDepth: 4, WatchCategories: s.cfg.WatchCategories}
	s.batch = records.NewBatch(records.Host{Name: "h"}, records.Scope{Name: "s"})
	return s, tt
}

// testWatchCategory names the watch categories of file records.
func testWatchCategory(id uint16) string {
	return [...]string{"", "credentials", "persistence"}[id]
}

func rawOf[T any](v *T, tail string) []byte {
	n := int(unsafe.Sizeof(*v)) + len(tail)
	words := make([]uint64, n/8+1)
	buf := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), n)
	copy(buf, unsafe.Slice((*byte)(unsafe.Pointer(v)), unsafe.Sizeof(*v)))
	copy(buf[unsafe.Sizeof(*v):], tail)
	return buf
}

func execRaw(pid, ppid uint32, args, exe, cgroup string) []byte {
	ev := kernel.ExecEvent{Ppid: ppid, ArgsLen: uint16(len(args)), ExeLen: uint16(len(exe)), CgroupLen: uint16(len(cgroup)), StartBoottime: uint64(pid)}
	ev.Hdr = kernel.Header{Pid: pid, Tid: pid, Type: uint16(kernel.TypeExec), KtimeNs: uint64(pid)}
	return rawOf(&ev, args+exe+cgroup)
}

func exitRaw(pid uint32, code uint32) []byte {
	ev := kernel.ExitEvent{ExitCode: code << 8, StartBoottime: uint64(pid)}
	ev.Hdr = kernel.Header{Pid: pid, Tid: pid, Type: uint16(kernel.TypeExit), KtimeNs: uint64(pid) + 1}
	return rawOf(&ev, "")
}

func TestHandleBuildsRecordsAndCache(t *testing.T) {
	sink := new(consumertest.LogsSink)
	s, _ := newTestSensor(t, sink)
	ctx := context.Background()
	cgroup := "/kubepods/besteffort/pod0b5f7c3e-1d2a-4b6c-8e9f-a0b1c2d3e4f5/4f0c1a4a4e4b2b6c8d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"
	s.handle(ctx, execRaw(10, 1, "nginx\x00", "/usr/sbin/nginx", cgroup))
	s.handle(ctx, execRaw(11, 10, "sh\x00-c\x00id\x00", "/bin/dash", cgroup))
	s.handle(ctx, exitRaw(11, 2))
	s.handle(ctx, []byte{1, 2, 3}) // garbage is counted, not fatal
	s.flush(ctx)

	require.Equal(t, 3, sink.LogRecordCount())
	rl := sink.AllLogs()[0].ResourceLogs()
	require.Equal(t, 1, rl.Len(), "both processes run in the same container")
	assert.Equal(t, containerid.Parse(cgroup).ContainerID, rl.At(0).Resource().Attributes().AsRaw()["container.id"])
	recs := rl.At(0).ScopeLogs().At(0).LogRecords()
	assert.Equal(t, "process.exec", recs.At(1).EventName())
	assert.Equal(t, "/usr/sbin/nginx", recs.At(1).Attributes().AsRaw()["vigil.process.parent.executable.path"])
	assert.Equal(t, "process.exit", recs.At(2).EventName())
	assert.Equal(t, int64(2), recs.At(2).Attributes().AsRaw()["process.exit.code"])
	assert.Equal(t, int64(1), s.count.decodeErrors)
	assert.Equal(t, int64(2), s.count.byType[kernel.TypeExec])
}

// flakyConsumer refuses the first n batches with a retryable error.
type flakyConsumer struct {
	refuse int
	calls  int
	sink   consumertest.LogsSink
	err    error
}

func (f *flakyConsumer) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }
func (f *flakyConsumer) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	f.calls++
	if f.calls <= f.refuse {
		return f.err
	}
	return f.sink.ConsumeLogs(ctx, ld)
}

func TestFlushHoldsAndRetriesARefusedBatch(t *testing.T) {
	next := &flakyConsumer{refuse: 3, err: errors.New("memory limit")}
	s, _ := newTestSensor(t, next)
	s.handle(context.Background(), execRaw(20, 1, "true\x00", "/bin/true", "/"))
	s.flush(context.Background())
	assert.Equal(t, 4, next.calls)
	assert.Equal(t, 1, next.sink.LogRecordCount(), "the same batch arrives once accepted")
	assert.Equal(t, int64(3), s.count.retries)
}

func TestPermanentRefusalIsCountedAsLost(t *testing.T) {
	next := &flakyConsumer{refuse: 1, err: consumererror.NewPermanent(errors.New("bad data"))}
	s, tt := newTestSensor(t, next)
	ctx := context.Background()
	s.handle(ctx, execRaw(30, 1, "true\x00", "/bin/true", "/"))
	s.handle(ctx, exitRaw(30, 0))
	s.flush(ctx)
	assert.Equal(t, 1, next.calls, "a permanent error is not retried")
	metadatatest.AssertEqualReceiverEbpfEventsLost(t, tt, []metricdata.DataPoint[int64]{
		{Attributes: attribute.NewSet(attribute.String("event_name", "process.exec"), attribute.String("reason", "rejected")), Value: 1},
		{Attributes: attribute.NewSet(attribute.String("event_name", "process.exit"), attribute.String("reason", "rejected")), Value: 1},
	}, metricdatatest.IgnoreTimestamp())
}

func TestShutdownDuringRetryGivesUpAndCounts(t *testing.T) {
	next := &flakyConsumer{refuse: 1 << 30, err: errors.New("backend down")}
	s, _ := newTestSensor(t, next)
	ctx, cancel := context.WithCancel(context.Background())
	s.handle(ctx, execRaw(40, 1, "true\x00", "/bin/true", "/"))
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	s.flush(ctx)
	assert.Greater(t, next.calls, 1)
	assert.Equal(t, 0, s.batch.Len())
}

// BenchmarkHandle measures the user-space cost of one kernel record, from
// the raw ring buffer bytes to a log record in a batch: decode, process cache
// update and lookups, attribute encoding. The mix is exec:exit 1:1, as in a
// process storm.
func BenchmarkHandle(b *testing.B) {
	s, _ := newTestSensor(b, consumertest.NewNop())
	ctx := context.Background()
	s.handle(ctx, execRaw(1, 0, "/sbin/init\x00", "/sbin/init", "/"))
	s.handle(ctx, execRaw(2, 1, "bash\x00", "/bin/bash", "/"))
	execs := make([][]byte, 1000)
	exits := make([][]byte, 1000)
	for i := range execs {
		pid := uint32(100 + i)
		execs[i] = execRaw(pid, 2, "/bin/true\x00--flag\x00value\x00", "/usr/bin/true", "/user.slice/session-1.scope")
		exits[i] = exitRaw(pid, 0)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		i := n % len(execs)
		if n%2 == 0 {
			s.handle(ctx, execs[i])
		} else {
			s.handle(ctx, exits[i])
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

func TestTheLastBatchIsDeliveredAtShutdown(t *testing.T) {
	// A consumer that, like many, refuses work under a cancelled context.
	sink := new(consumertest.LogsSink)
	next := consumerFunc(func(ctx context.Context, ld plog.Logs) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return sink.ConsumeLogs(ctx, ld)
	})
	s, _ := newTestSensor(t, next)
	ctx, cancel := context.WithCancel(context.Background())
	s.handle(ctx, execRaw(50, 1, "true\x00", "/bin/true", "/"))
	cancel()
	s.drain(ctx)
	assert.Equal(t, 1, sink.LogRecordCount())
}

type consumerFunc func(context.Context, plog.Logs) error

func (f consumerFunc) Capabilities() consumer.Capabilities                 { return consumer.Capabilities{} }
func (f consumerFunc) ConsumeLogs(ctx context.Context, ld plog.Logs) error { return f(ctx, ld) }

// fakeRing stands in for the kernel side in unit tests: no records, and the
// drop counters the test sets.
type fakeRing struct {
	drops [kernel.EventTypeMax]uint64
}

func (f *fakeRing) ReadInto(*ringbuf.Record) error   { return os.ErrDeadlineExceeded }
func (f *fakeRing) SetDeadline(time.Time)            {}
func (f *fakeRing) Wake() error                      { return nil }
func (f *fakeRing) RingUsage() (int, int)            { return 0, 1 << 20 }
func (f *fakeRing) Close() error                     { return nil }
func (f *fakeRing) ExcludeProcess(uint32) error      { return nil }
func (f *fakeRing) ExcludeCgroup(uint64) error       { return nil }
func (f *fakeRing) SweepPending(string) (int, error) { return 0, nil }
func (f *fakeRing) Drops() ([kernel.EventTypeMax]uint64, error) {
	return f.drops, nil
}

func TestKernelLossIsReportedInBandAndAsMetric(t *testing.T) {
	sink := new(consumertest.LogsSink)
	s, tt := newTestSensor(t, sink)
	ring := s.probe.(*fakeRing)
	ctx := context.Background()

	s.reportLoss(ctx, time.Now())
	s.flush(ctx)
	assert.Zero(t, sink.LogRecordCount(), "no loss, no record")

	ring.drops[kernel.TypeExec] = 5
	s.reportLoss(ctx, time.Now())
	ring.drops[kernel.TypeExec] = 7
	ring.drops[kernel.TypeExit] = 1
	s.reportLoss(ctx, time.Now())
	s.flush(ctx)

	var got []string
	for _, logs := range sink.AllLogs() {
		for _, rl := range logs.ResourceLogs().All() {
			for _, lr := range rl.ScopeLogs().At(0).LogRecords().All() {
				a := lr.Attributes().AsRaw()
				got = append(got, fmt.Sprintf("%s %s %d %s", lr.EventName(), a["vigil.loss.event_name"], a["vigil.loss.count"], a["vigil.loss.reason"]))
			}
		}
	}
	assert.ElementsMatch(t, []string{
		"sensor.loss process.exec 5 ring_buffer_full",
		"sensor.loss process.exec 2 ring_buffer_full",
		"sensor.loss process.exit 1 ring_buffer_full",
	}, got, "each report carries what was lost since the last one")
	metadatatest.AssertEqualReceiverEbpfEventsLost(t, tt, []metricdata.DataPoint[int64]{
		{Attributes: attribute.NewSet(attribute.String("event_name", "process.exec"), attribute.String("reason", "ring_buffer_full")), Value: 7},
		{Attributes: attribute.NewSet(attribute.String("event_name", "process.exit"), attribute.String("reason", "ring_buffer_full")), Value: 1},
	}, metricdatatest.IgnoreTimestamp())
}
