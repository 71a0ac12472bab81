package records

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"golang.org/x/net/dns/dnsmessage"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
)

var podContainer = containerid.Info{
	ContainerID: "4f0c1a4a4e4b2b6c8d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e",
	Runtime:     "containerd",
	PodUID:      "0b5f7c3e-1d2a-4b6c-8e9f-a0b1c2d3e4f5",
}

func newEncoder() (*Encoder, *proctable.Table) {
	tb := proctable.New(proctable.Config{Capacity: 64, BootID: "b"})
	return &Encoder{Table: tb, Clock: kernel.NewClock(), AncestryDepth: 4}, tb
}

func TestBatchGroupsRecordsByWorkload(t *testing.T) {
	b := NewBatch(Host{Name: "node-1", ID: "machine-1"}, Scope{Name: "vigil", Version: "1.0"})
	b.Append(containerid.Info{}).SetEventName("a")
	b.Append(podContainer).SetEventName("b")
	b.Append(containerid.Info{}).SetEventName("c")
	require.Equal(t, 3, b.Len())

	logs := b.Take()
	assert.Equal(t, 0, b.Len())
	require.Equal(t, 2, logs.ResourceLogs().Len())
	host := logs.ResourceLogs().At(0)
	assert.Equal(t, map[string]any{"host.name": "node-1", "host.id": "machine-1", "os.type": "linux"}, host.Resource().Attributes().AsRaw())
	assert.Equal(t, 2, host.ScopeLogs().At(0).LogRecords().Len())
	assert.Equal(t, "vigil", host.ScopeLogs().At(0).Scope().Name())
	assert.Equal(t, "1.0", host.ScopeLogs().At(0).Scope().Version())

	pod := logs.ResourceLogs().At(1).Resource().Attributes().AsRaw()
	assert.Equal(t, podContainer.ContainerID, pod["container.id"])
	assert.Equal(t, "containerd", pod["container.runtime.name"])
	assert.Equal(t, podContainer.PodUID, pod["k8s.pod.uid"])
}

func TestExecRecord(t *testing.T) {
	e, tb := newEncoder()
	tb.Exec(&proctable.Process{PID: 100, PPID: 1, StartNS: 1, Image: proctable.Image{Exe: "/usr/sbin/nginx", Args: []string{"nginx"}}}, 1, 0)
	p := tb.Exec(&proctable.Process{
		PID: 200, PPID: 100, VPID: 7, StartNS: uint64(time.Second),
		Image: proctable.Image{
			Exe: "/usr/bin/dash", Filename: "/bin/sh", Args: []string{"sh", "-c", "id"}, Cwd: "/srv",
			TTY: "pts/1", Cgroup: "/kubepods/besteffort/pod1/abc", Container: podContainer,
			Creds:      proctable.Creds{UID: 1000, EUID: 0, SUID: 0, GID: 1000, EGID: 1000, SGID: 1000, LoginUID: 1000, SessionID: 3, CapEffective: 1<<21 | 1},
			Namespaces: proctable.Namespaces{PID: 11, Mnt: 12, Net: 13, User: 14, UTS: 15, IPC: 16, Cgroup: 17},
			Drift:      true,
		},
	}, uint64(2*time.Second), 1)

	b := NewBatch(Host{Name: "n"}, Scope{})
	e.Exec(b, p, uint64(2*time.Second))
	logs := b.Take()
	rl := logs.ResourceLogs().At(0)
	assert.Equal(t, podContainer.ContainerID, rl.Resource().Attributes().AsRaw()["container.id"])
	lr := rl.ScopeLogs().At(0).LogRecords().At(0)
	assert.Equal(t, schema.ProcessExec, lr.EventName())
	assert.Equal(t, plog.SeverityNumberInfo, lr.SeverityNumber())
	assert.Equal(t, e.Clock.Wall(uint64(2*time.Second)).UnixNano(), lr.Timestamp().AsTime().UnixNano())
	assert.Equal(t, "exec sh -c id (pid 200, parent 100 /usr/sbin/nginx, uid 0)", lr.Body().Str())

	got := lr.Attributes().AsRaw()
	want := map[string]any{
		"process.pid": int64(200), "process.parent_pid": int64(100), "process.vpid": int64(7),
		"process.executable.path": "/usr/bin/dash", "process.executable.name": "dash",
		"process.command_line": "sh -c id", "process.command_args": []any{"sh", "-c", "id"}, "process.args_count": int64(3),
		"process.working_directory": "/srv", "vigil.process.exec.filename": "/bin/sh",
		"vigil.process.exec.setuid": true, // euid 0, uid 1000
		"vigil.process.exec.drift":  true,
		"process.user.id":           int64(0), "process.real_user.id": int64(1000), "process.saved_user.id": int64(0),
		"vigil.process.group.id": int64(1000), "vigil.process.real_group.id": int64(1000), "vigil.process.saved_group.id": int64(1000),
		"vigil.process.login_user.id": int64(1000), "vigil.process.audit_session.id": int64(3),
		"process.interactive": true, "vigil.process.tty": "pts/1",
		"process.linux.cgroup":                 "/kubepods/besteffort/pod1/abc",
		"process.creation.time":                e.Clock.Wall(uint64(time.Second)).UTC().Format(time.RFC3339Nano),
		"vigil.process.capabilities.effective": []any{"CAP_CHOWN", "CAP_SYS_ADMIN"},
		"vigil.process.capabilities.permitted": []any{},
		"vigil.process.namespace.pid":          int64(11), "vigil.process.namespace.mnt": int64(12), "vigil.process.namespace.net": int64(13),
		"vigil.process.namespace.user": int64(14), "vigil.process.namespace.uts": int64(15), "vigil.process.namespace.ipc": int64(16),
		"vigil.process.namespace.cgroup": int64(17),
		"vigil.process.exec_id":          p.ExecID, "vigil.process.parent.exec_id": tb.Get(100, 0).ExecID,
		"vigil.process.parent.executable.path": "/usr/sbin/nginx", "vigil.process.parent.executable.name": "nginx",
		"vigil.process.parent.command_line":       "nginx",
		"vigil.process.ancestors.pid":             []any{int64(100)},
		"vigil.process.ancestors.executable.path": []any{"/usr/sbin/nginx"},
	}
	assert.Equal(t, want, got)
}

func TestExitRecord(t *testing.T) {
	e, tb := newEncoder()
	p := tb.Exec(&proctable.Process{PID: 300, PPID: 0, StartNS: uint64(time.Second), Image: proctable.Image{Exe: "/bin/sleep", Args: []string{"sleep", "9"}}}, uint64(time.Second), 0)
	ev := &kernel.ExitEvent{StartBoottime: uint64(time.Second), ExitCode: 9 | 0x80}
	ev.Hdr.Pid, ev.Hdr.KtimeNs = 300, uint64(3*time.Second)
	b := NewBatch(Host{}, Scope{})
	e.Exit(b, p, ev, containerid.Info{})
	lr := b.Take().ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	attrs := lr.Attributes().AsRaw()
	assert.Equal(t, schema.ProcessExit, lr.EventName())
	assert.Equal(t, int64(137), attrs["process.exit.code"])
	assert.Equal(t, int64(9), attrs["vigil.process.exit.signal"])
	assert.Equal(t, true, attrs["vigil.process.exit.core_dumped"])
	assert.InDelta(t, 2.0, attrs["vigil.process.lifetime"], 1e-9)
	assert.Equal(t, "sleep 9", attrs["process.command_line"])
	assert.NotContains(t, attrs, "process.command_args", "argv is on the exec record only")
	assert.Equal(t, "exit /bin/sleep (pid 300) killed by SIGKILL after 2s", lr.Body().Str())
}

func TestExitOfUnknownProcessIsMarkedIncomplete(t *testing.T) {
	e, _ := newEncoder()
	ev := &kernel.ExitEvent{ExitCode: 1 << 8, Ppid: 5}
	ev.Hdr.Pid = 6
	b := NewBatch(Host{}, Scope{})
	e.Exit(b, nil, ev, podContainer)
	rl := b.Take().ResourceLogs().At(0)
	assert.Equal(t, podContainer.ContainerID, rl.Resource().Attributes().AsRaw()["container.id"], "placed by its cgroup")
	attrs := rl.ScopeLogs().At(0).LogRecords().At(0).Attributes().AsRaw()
	assert.Equal(t, int64(6), attrs["process.pid"])
	assert.Equal(t, int64(5), attrs["process.parent_pid"])
	assert.Equal(t, int64(1), attrs["process.exit.code"])
	assert.Equal(t, true, attrs["vigil.process.context_incomplete"])
}

func TestLossRecord(t *testing.T) {
	e, _ := newEncoder()
	b := NewBatch(Host{Name: "n"}, Scope{})
	at := time.Unix(1700000000, 0)
	e.Loss(b, schema.ProcessExec, 42, "ring_buffer_full", at)
	lr := b.Take().ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	assert.Equal(t, schema.SensorLoss, lr.EventName())
	assert.Equal(t, plog.SeverityNumberWarn, lr.SeverityNumber())
	assert.Equal(t, pcommon.NewTimestampFromTime(at), lr.Timestamp())
	assert.Equal(t, map[string]any{"vigil.loss.event_name": "process.exec", "vigil.loss.count": int64(42), "vigil.loss.reason": "ring_buffer_full"}, lr.Attributes().AsRaw())
	assert.Equal(t, "lost 42 process.exec records: ring_buffer_full", lr.Body().Str())
}

func TestWaitStatus(t *testing.T) {
	assert.Equal(t, Status{Code: 0}, WaitStatus(0))
	assert.Equal(t, Status{Code: 3}, WaitStatus(3<<8))
	assert.Equal(t, Status{Code: 143, Signal: 15}, WaitStatus(15))
	assert.Equal(t, Status{Code: 139, Signal: 11, CoreDumped: true}, WaitStatus(11|0x80))
	assert.Equal(t, "SIGTERM", WaitStatus(15).SignalName())
}

func TestCapabilityNames(t *testing.T) {
	m := pcommon.NewMap()
	putCapabilities(m, "k", 1<<0|1<<39|1<<62)
	v, _ := m.Get("k")
	assert.Equal(t, []any{"CAP_CHOWN", "CAP_BPF", "CAP_62"}, v.Slice().AsRaw())
}

func BenchmarkEncodeExit(b *testing.B) {
	e, tb := newEncoder()
	tb.Exec(&proctable.Process{PID: 1, Image: proctable.Image{Exe: "/sbin/init", Args: []string{"/sbin/init"}}}, 1, 0)
	p := tb.Exec(&proctable.Process{PID: 2, PPID: 1, StartNS: 1, Image: proctable.Image{Exe: "/bin/true", Args: []string{"true"}}}, 2, 0)
	ev := &kernel.ExitEvent{StartBoottime: 1}
	batch := NewBatch(Host{Name: "n"}, Scope{})
	b.ReportAllocs()
	for b.Loop() {
		e.Exit(batch, p, ev, containerid.Info{})
		if batch.Len() >= 512 {
			batch.Take()
		}
	}
}

func TestDNSQuestion(t *testing.T) {
	msg := dnsmessage.Message{Questions: []dnsmessage.Question{{Name: dnsmessage.MustNewName("Mining.Pool.Example."), Type: dnsmessage.TypeAAAA, Class: dnsmessage.ClassINET}}}
	raw, err := msg.Pack()
	require.NoError(t, err)
	name, qtype, err := dnsQuestion(raw)
	require.NoError(t, err)
	assert.Equal(t, "mining.pool.example", name)
	assert.Equal(t, "AAAA", qtype)
	_, _, err = dnsQuestion(raw[:5])
	assert.Error(t, err)
}

func FuzzDNSQuestion(f *testing.F) {
	msg := dnsmessage.Message{Questions: []dnsmessage.Question{{Name: dnsmessage.MustNewName("a.example."), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET}}}
	raw, _ := msg.Pack()
	f.Add(raw)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, payload []byte) {
		name, _, err := dnsQuestion(payload)
		if err == nil && strings.HasSuffix(name, ".") && name != "." {
			t.Fatalf("trailing dot kept: %q", name)
		}
	})
}
