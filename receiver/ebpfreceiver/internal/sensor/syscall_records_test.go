package sensor

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

var update = flag.Bool("update", false, "rewrite testdata/syscall_records.golden from what the encoders write")

// syscallRecord is a syscall_event as the kernel would write it.
type syscallRecord struct {
	pid      uint32
	typ      kernel.EventType
	kind     kernel.SyscallKind
	ret      int64
	args     [6]uint64
	before   [3]uint64
	after    [3]uint64
	str      [3]string
	cut      uint16 // syscall_event.flags: strings truncated
	name     string // a BPF program's
	category uint16
}

func (r syscallRecord) raw() []byte {
	ev := kernel.SyscallEvent{Ret: r.ret, Args: r.args, Before: r.before, After: r.after,
		Kind: uint16(r.kind), WatchCategory: r.category, Flags: r.cut}
	ev.Hdr = kernel.Header{Pid: r.pid, Tid: r.pid, Type: uint16(r.typ), KtimeNs: 1000}
	for i, c := range []byte(r.name) {
		ev.Name[i] = int8(c)
	}
	for i, s := range r.str {
		ev.StrLen[i] = uint16(len(s))
	}
	return rawOf(&ev, r.str[0]+r.str[1]+r.str[2])
}

// netRecord is a net_event as the kernel would write it.
type netRecord struct {
	pid          uint32
	typ          kernel.EventType
	kind         kernel.SyscallKind
	ret          int64
	family       uint16
	protocol     uint16
	local, peer  string
	lport, pport uint16
	payload      []byte
}

func (r netRecord) raw() []byte {
	ev := kernel.NetEvent{Ret: r.ret, Kind: uint16(r.kind), Family: r.family, Protocol: r.protocol,
		LocalPort: r.lport, PeerPort: r.pport, PayloadLen: uint16(len(r.payload))}
	ev.Hdr = kernel.Header{Pid: r.pid, Tid: r.pid, Type: uint16(r.typ), KtimeNs: 1000}
	copy(ev.LocalAddr[:], addrBytes(r.local))
	copy(ev.PeerAddr[:], addrBytes(r.peer))
	return rawOf(&ev, string(r.payload))
}

func addrBytes(s string) []byte {
	if s == "" {
		return nil
	}
	a := netip.MustParseAddr(s)
	if a.Is4() {
		v4 := a.As4()
		return v4[:]
	}
	v6 := a.As16()
	return v6[:]
}

// dnsMessage is a query for example.com, type A.
var dnsMessage = []byte{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1}

// Actors of the records below: 500 and 501 are known to the cache, 777 is
// not.
const (
	actorPID   = 500
	targetPID  = 501
	unknownPID = 777
)

const eacces = -int64(unix.EACCES)

// syscallRecords is one record or more of every syscall kind, with the
// branches their encoders take.
var syscallRecords = []interface{ raw() []byte }{
	// files
	syscallRecord{pid: actorPID, typ: kernel.TypeFileOpen, kind: kernel.SyscallOpenat, ret: 3,
		args: [6]uint64{uint64(0xffffff9c), 0, unix.O_RDONLY | unix.O_CLOEXEC, 0}, str: [3]string{"/etc/shadow"}, category: 1},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileOpen, kind: kernel.SyscallOpen, ret: eacces,
		args: [6]uint64{0, unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC, 0o644}, str: [3]string{"/etc/cron.d/job"}, category: 2},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileOpen, kind: kernel.SyscallCreat, ret: 4,
		args: [6]uint64{0, 0o600}, str: [3]string{"/root/.ssh/authorized_keys"}, cut: 1},
	syscallRecord{pid: unknownPID, typ: kernel.TypeFileOpen, kind: kernel.SyscallOpenat2, ret: 5,
		args: [6]uint64{3, 0, unix.O_PATH, 0}, str: [3]string{"/etc/sudoers"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileUnlink, kind: kernel.SyscallUnlink, str: [3]string{"/var/log/auth.log"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileUnlink, kind: kernel.SyscallUnlinkat, ret: -int64(unix.ENOENT),
		args: [6]uint64{3, 0, 0}, str: [3]string{"/var/log/wtmp"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileRename, kind: kernel.SyscallRename, str: [3]string{"/tmp/x", "/usr/bin/ls"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileRename, kind: kernel.SyscallRenameat2, args: [6]uint64{3, 0, 4, 0, 1},
		str: [3]string{"/etc/passwd", "/etc/passwd-"}, cut: 2},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileChmod, kind: kernel.SyscallChmod, args: [6]uint64{0, 0o4755}, str: [3]string{"/tmp/sh"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileChmod, kind: kernel.SyscallFchmod, args: [6]uint64{3, 0o777}, str: [3]string{"/etc/ld.so.preload"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileChmod, kind: kernel.SyscallFchmodat, ret: -int64(unix.EPERM),
		args: [6]uint64{3, 0, 0o2750}, str: [3]string{"/usr/bin/tool"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileChmod, kind: kernel.SyscallFchmodat2, args: [6]uint64{3, 0, 0o644, 0x100}, str: [3]string{"/etc/hosts"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileLink, kind: kernel.SyscallLink, str: [3]string{"/tmp/shadow", "/etc/shadow"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileLink, kind: kernel.SyscallLinkat, args: [6]uint64{3, 0, 4, 0, 0x400},
		str: [3]string{"/tmp/passwd", "/etc/passwd"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileLink, kind: kernel.SyscallSymlink, str: [3]string{"/etc/cron.d/evil", "/tmp/payload"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileLink, kind: kernel.SyscallSymlinkat, args: [6]uint64{0, 3, 0},
		str: [3]string{"/root/.bashrc", "../tmp/rc"}},
	// a set-id chmod of an unwatched path: no category
	syscallRecord{pid: actorPID, typ: kernel.TypeFileChmod, kind: kernel.SyscallFchmodat, args: [6]uint64{uint64(0xffffff9c), 0, 0o4755},
		str: [3]string{"/tmp/x/sh"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMkdir, kind: kernel.SyscallMkdir, args: [6]uint64{0, 0o755},
		str: [3]string{"/etc/cron.d/.hidden"}, category: 2},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMkdir, kind: kernel.SyscallMkdirat, args: [6]uint64{uint64(0xffffff9c), 0, 0o700},
		str: [3]string{"/x-temp/"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMkdir, kind: kernel.SyscallMkdirat, ret: eacces, args: [6]uint64{3, 0, 0o777},
		str: [3]string{"/usr/bin/x"}, category: 2},
	// another process's environment, and the opener's own
	syscallRecord{pid: actorPID, typ: kernel.TypeFileOpen, kind: kernel.SyscallOpenat, ret: 3,
		args: [6]uint64{uint64(0xffffff9c), 0, unix.O_RDONLY}, str: [3]string{"/proc/501/environ"}, category: 1},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileOpen, kind: kernel.SyscallOpenat, ret: 3,
		args: [6]uint64{uint64(0xffffff9c), 0, unix.O_RDONLY}, str: [3]string{"/proc/500/environ"}, category: 1},
	// memory
	syscallRecord{pid: actorPID, typ: kernel.TypeMemoryProtect, kind: kernel.SyscallMmap, ret: 0x7f0000000000,
		args: [6]uint64{0, 4096, unix.PROT_READ | unix.PROT_WRITE | unix.PROT_EXEC, unix.MAP_PRIVATE | unix.MAP_ANONYMOUS, uint64(1<<64 - 1), 0}},
	syscallRecord{pid: actorPID, typ: kernel.TypeMemoryProtect, kind: kernel.SyscallMmap, ret: 0x7f0000100000,
		args: [6]uint64{0, 8192, unix.PROT_WRITE | unix.PROT_EXEC, unix.MAP_SHARED, 3, 0}, str: [3]string{"/dev/shm/blob"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeMemoryProtect, kind: kernel.SyscallMmap, ret: -int64(unix.ENOMEM),
		args: [6]uint64{0x1000, 4096, unix.PROT_WRITE | unix.PROT_EXEC, unix.MAP_PRIVATE, 3, 0}},
	syscallRecord{pid: actorPID, typ: kernel.TypeMemoryProtect, kind: kernel.SyscallMprotect,
		args: [6]uint64{0x7f0000200000, 4096, unix.PROT_READ | unix.PROT_WRITE | unix.PROT_EXEC}},
	syscallRecord{pid: unknownPID, typ: kernel.TypeMemoryProtect, kind: kernel.SyscallPkeyMprotect,
		args: [6]uint64{0x7f0000300000, 4096, unix.PROT_WRITE | unix.PROT_EXEC, 1}},
	syscallRecord{pid: actorPID, typ: kernel.TypeMemoryMemfdCreate, kind: kernel.SyscallMemfdCreate, ret: 5,
		args: [6]uint64{0, unix.MFD_CLOEXEC | unix.MFD_ALLOW_SEALING}, str: [3]string{"payload"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessVMWrite, kind: kernel.SyscallProcessVMWritev, ret: 64,
		args: [6]uint64{targetPID, 0, 1, 0, 1, 0}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessVMWrite, kind: kernel.SyscallProcessVMWritev, ret: -int64(unix.ESRCH),
		args: [6]uint64{4242, 0, 1, 0, 1, 0}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessPtrace, kind: kernel.SyscallPtrace, args: [6]uint64{unix.PTRACE_TRACEME}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessPtrace, kind: kernel.SyscallPtrace, args: [6]uint64{unix.PTRACE_ATTACH, targetPID}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessPtrace, kind: kernel.SyscallPtrace, ret: -int64(unix.EPERM),
		args: [6]uint64{unix.PTRACE_POKETEXT, 1, 0x400000, 0x90}},
	// privileges
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessSetuid, kind: kernel.SyscallSetuid, args: [6]uint64{0},
		before: [3]uint64{1000, 0, 0}, after: [3]uint64{0, 0, 0}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessSetgid, kind: kernel.SyscallSetgid, ret: -int64(unix.EPERM), args: [6]uint64{0},
		before: [3]uint64{1000, 1000, 1000}, after: [3]uint64{1000, 1000, 1000}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessSetreuid, kind: kernel.SyscallSetreuid, args: [6]uint64{0xffffffff, 0},
		before: [3]uint64{1000, 1000, 1000}, after: [3]uint64{1000, 0, 0}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessSetregid, kind: kernel.SyscallSetregid, args: [6]uint64{50, 50},
		before: [3]uint64{0, 0, 0}, after: [3]uint64{50, 50, 50}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessSetresuid, kind: kernel.SyscallSetresuid, args: [6]uint64{0, 0, 0xffffffff},
		before: [3]uint64{1000, 1000, 1000}, after: [3]uint64{0, 0, 1000}},
	syscallRecord{pid: unknownPID, typ: kernel.TypeProcessSetresgid, kind: kernel.SyscallSetresgid, args: [6]uint64{1, 2, 3},
		before: [3]uint64{0, 0, 0}, after: [3]uint64{1, 2, 3}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessCapset, kind: kernel.SyscallCapset,
		args: [6]uint64{0, 1<<21 | 1<<12, 1<<21 | 1<<12, 0}, before: [3]uint64{1 << 12, 1<<21 | 1<<12, 0}, after: [3]uint64{1<<21 | 1<<12, 1<<21 | 1<<12, 0}},
	// kernel
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelModuleLoad, kind: kernel.SyscallInitModule, args: [6]uint64{0, 123456, 0},
		str: [3]string{"", "debug=1"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelModuleLoad, kind: kernel.SyscallInitModule, ret: -int64(unix.ENOSYS)},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelModuleLoad, kind: kernel.SyscallFinitModule, args: [6]uint64{3, 0, 0},
		str: [3]string{"/lib/modules/6.1/kernel/net/netfilter/nf_tables.ko.zst"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeBPFProgramLoad, kind: kernel.SyscallBPF, ret: 7, args: [6]uint64{5, 2, 128}, name: "sniff"},
	syscallRecord{pid: actorPID, typ: kernel.TypeBPFProgramLoad, kind: kernel.SyscallBPF, ret: -int64(unix.EPERM), args: [6]uint64{5, 1, 128}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelUnshare, kind: kernel.SyscallUnshare, args: [6]uint64{unix.CLONE_NEWNS | unix.CLONE_NEWUSER}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelSetns, kind: kernel.SyscallSetns, args: [6]uint64{3, unix.CLONE_NEWNET},
		after: [3]uint64{4026531840}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelSetns, kind: kernel.SyscallSetns, ret: -int64(unix.EINVAL), args: [6]uint64{3, 0}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMount, kind: kernel.SyscallMount, args: [6]uint64{0, 0, 0, unix.MS_RDONLY | unix.MS_NOSUID},
		str: [3]string{"tmpfs", "/mnt/x", "tmpfs"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMount, kind: kernel.SyscallMount, args: [6]uint64{0, 0, 0, unix.MS_BIND},
		str: [3]string{"/", "/mnt/host"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMount, kind: kernel.SyscallMount, args: [6]uint64{0, 0, 0, unix.MS_PRIVATE | unix.MS_REC},
		str: [3]string{"", "/"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelChroot, kind: kernel.SyscallChroot, str: [3]string{"/host"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelPivotRoot, kind: kernel.SyscallPivotRoot, str: [3]string{"/new", "/new/old"}},
	// setns: a namespace file of the host, of a container; a pidfd of a
	// process in the host's namespaces, of one in some of them.
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelSetns, kind: kernel.SyscallSetns, args: [6]uint64{3, unix.CLONE_NEWNS, unix.CLONE_NEWNS},
		after: [3]uint64{4026531841, unix.CLONE_NEWNS}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelSetns, kind: kernel.SyscallSetns, args: [6]uint64{3, 0, 0},
		after: [3]uint64{4026532600, unix.CLONE_NEWNET}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelSetns, kind: kernel.SyscallSetns,
		args:  [6]uint64{4, unix.CLONE_NEWNS | unix.CLONE_NEWNET, unix.CLONE_NEWNS | unix.CLONE_NEWUTS | unix.CLONE_NEWNET | unix.CLONE_NEWPID},
		after: [3]uint64{2051, 0, targetPID}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelSetns, kind: kernel.SyscallSetns, ret: -int64(unix.EPERM),
		args: [6]uint64{4, unix.CLONE_NEWNS | unix.CLONE_NEWPID, unix.CLONE_NEWNS}, after: [3]uint64{2052, 0, 4242}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelCloneNamespaces, kind: kernel.SyscallClone, ret: targetPID,
		args: [6]uint64{unix.CLONE_NEWUSER | unix.CLONE_NEWNS | uint64(unix.SIGCHLD)}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelCloneNamespaces, kind: kernel.SyscallClone3, ret: -int64(unix.EPERM),
		args: [6]uint64{0, 88, unix.CLONE_NEWPID | unix.CLONE_NEWTIME | unix.CLONE_PIDFD | unix.CLONE_INTO_CGROUP}},
	// the new mount API
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMount, kind: kernel.SyscallFsopen, ret: 3, args: [6]uint64{0, unix.FSOPEN_CLOEXEC},
		str: [3]string{"ext4"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMount, kind: kernel.SyscallFsmount, ret: 4,
		args: [6]uint64{3, unix.FSMOUNT_CLOEXEC, unix.MOUNT_ATTR_RDONLY | unix.MOUNT_ATTR_NOATIME}, str: [3]string{"/dev/sda1", "ext4"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMount, kind: kernel.SyscallMoveMount,
		args: [6]uint64{4, 0, uint64(0xffffff9c), 0, unix.MOVE_MOUNT_F_EMPTY_PATH}, str: [3]string{"/dev/sda1", "/mnt", "ext4"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMount, kind: kernel.SyscallMoveMount, ret: -int64(unix.EINVAL),
		args: [6]uint64{uint64(0xffffff9c), 0, uint64(0xffffff9c), 0, 0}, str: [3]string{"/mnt/a", "/mnt/b"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeFileMount, kind: kernel.SyscallOpenTree, ret: 5,
		args: [6]uint64{uint64(0xffffff9c), 0, unix.OPEN_TREE_CLONE | unix.AT_RECURSIVE}, str: [3]string{"/", "ext4"}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelIOUringSetup, kind: kernel.SyscallIOUringSetup, ret: 5,
		args: [6]uint64{256, 0, 1<<1 | 1<<20}},
	syscallRecord{pid: actorPID, typ: kernel.TypeKernelCompatSyscall, kind: kernel.SyscallCompat, args: [6]uint64{11}},
	syscallRecord{pid: unknownPID, typ: kernel.TypeKernelCompatSyscall, kind: kernel.SyscallCompat, args: [6]uint64{999}},
	// memory: userfaultfd, personality
	syscallRecord{pid: actorPID, typ: kernel.TypeMemoryUserfaultfd, kind: kernel.SyscallUserfaultfd, ret: 4,
		args: [6]uint64{1 | unix.O_CLOEXEC, 65534}},
	syscallRecord{pid: actorPID, typ: kernel.TypeMemoryUserfaultfd, kind: kernel.SyscallUserfaultfd, ret: -int64(unix.EPERM),
		args: [6]uint64{unix.O_NONBLOCK, 1000}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessPersonality, kind: kernel.SyscallPersonality, args: [6]uint64{0x0040000}},
	syscallRecord{pid: actorPID, typ: kernel.TypeProcessPersonality, kind: kernel.SyscallPersonality, ret: 0x0040000,
		args: [6]uint64{0x0400008}},
	// network
	syscallRecord{pid: actorPID, typ: kernel.TypeNetworkSocket, kind: kernel.SyscallSocket, ret: 3,
		args: [6]uint64{unix.AF_PACKET, unix.SOCK_RAW | unix.SOCK_CLOEXEC, 0x0300}},
	syscallRecord{pid: actorPID, typ: kernel.TypeNetworkSocket, kind: kernel.SyscallSocket, ret: -int64(unix.EPERM),
		args: [6]uint64{unix.AF_INET6, unix.SOCK_RAW, unix.IPPROTO_RAW}},
	syscallRecord{pid: actorPID, typ: kernel.TypeNetworkSocket, kind: kernel.SyscallSocket, ret: 4,
		args: [6]uint64{unix.AF_CAN, unix.SOCK_RAW, 1}},
	netRecord{pid: actorPID, typ: kernel.TypeNetworkConnect, kind: kernel.SyscallConnect, family: unix.AF_INET, protocol: unix.IPPROTO_TCP,
		local: "10.0.0.5", lport: 40000, peer: "93.184.216.34", pport: 443},
	netRecord{pid: actorPID, typ: kernel.TypeNetworkConnect, kind: kernel.SyscallConnect, ret: -int64(unix.EINPROGRESS), family: unix.AF_INET6,
		protocol: unix.IPPROTO_TCP, local: "fd00::5", lport: 40001, peer: "2001:db8::1", pport: 22},
	netRecord{pid: unknownPID, typ: kernel.TypeNetworkConnect, kind: kernel.SyscallConnect, ret: -int64(unix.ECONNREFUSED), family: unix.AF_INET,
		protocol: unix.IPPROTO_UDP, local: "10.0.0.5", lport: 40002, peer: "10.0.0.9", pport: 4444},
	netRecord{pid: actorPID, typ: kernel.TypeNetworkAccept, kind: kernel.SyscallAccept4, ret: 6, family: unix.AF_INET, protocol: unix.IPPROTO_SCTP,
		local: "10.0.0.5", lport: 8080, peer: "10.0.0.7", pport: 51000},
	netRecord{pid: actorPID, typ: kernel.TypeNetworkListen, kind: kernel.SyscallListen, family: unix.AF_INET6, protocol: unix.IPPROTO_MPTCP,
		local: "::", lport: 4444},
	netRecord{pid: actorPID, typ: kernel.TypeNetworkListen, kind: kernel.SyscallListen, family: unix.AF_INET, protocol: 200, local: "0.0.0.0", lport: 1},
	netRecord{pid: actorPID, typ: kernel.TypeDNSQuery, kind: kernel.SyscallSendto, family: unix.AF_INET, protocol: unix.IPPROTO_UDP,
		local: "10.0.0.5", lport: 53000, peer: "10.0.0.2", pport: 53, payload: dnsMessage},
	netRecord{pid: actorPID, typ: kernel.TypeDNSQuery, kind: kernel.SyscallWrite, family: unix.AF_INET6, protocol: unix.IPPROTO_UDP,
		local: "::1", lport: 53001, peer: "::1", pport: 53, payload: dnsMessage[:5]},
}

// goldenRecord is what the golden file keeps of a record: everything but
// the times, which depend on the machine's clock.
type goldenRecord struct {
	Event string         `json:"event"`
	Body  string         `json:"body"`
	Attrs map[string]any `json:"attrs"`
}

// syscallSensor is a test sensor that has seen the exec of the actor and of
// the target that syscallRecords name.
func syscallSensor(t *testing.T) (*Sensor, *consumertest.LogsSink, context.Context) {
	t.Helper()
	sink := new(consumertest.LogsSink)
	s, _ := newTestSensor(t, sink)
	ctx := context.Background()
	s.handle(ctx, execRaw(actorPID, 1, "tool\x00--run\x00", "/usr/bin/tool", "/"))
	s.handle(ctx, execRaw(targetPID, 1, "victim\x00", "/usr/bin/victim", "/"))
	return s, sink, ctx
}

// TestSyscallRecordsAreTheGoldenOnes feeds a record of every syscall kind to
// the sensor and compares what it writes with testdata/syscall_records.golden.
func TestSyscallRecordsAreTheGoldenOnes(t *testing.T) {
	s, sink, ctx := syscallSensor(t)
	for _, r := range syscallRecords {
		s.handle(ctx, r.raw())
	}
	s.flush(ctx)
	require.Zero(t, s.count.decodeErrors)

	var got bytes.Buffer
	for _, logs := range sink.AllLogs() {
		for _, rl := range logs.ResourceLogs().All() {
			for _, lr := range rl.ScopeLogs().At(0).LogRecords().All() {
				attrs := lr.Attributes().AsRaw()
				delete(attrs, "process.creation.time")
				line, err := json.Marshal(goldenRecord{Event: lr.EventName(), Body: lr.Body().Str(), Attrs: attrs})
				require.NoError(t, err)
				got.Write(append(line, '\n'))
			}
		}
	}
	golden := filepath.Join("testdata", "syscall_records.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), got.String())
}

// BenchmarkHandleSyscalls measures the user-space cost of syscall-level
// records, from the raw ring buffer bytes to a log record in a batch: one
// of each record type of the file, memory, privilege, kernel and network
// groups, in turn.
func BenchmarkHandleSyscalls(b *testing.B) {
	s, _ := newTestSensor(b, consumertest.NewNop())
	ctx := context.Background()
	s.handle(ctx, execRaw(actorPID, 1, "tool\x00--run\x00", "/usr/bin/tool", "/"))
	s.handle(ctx, execRaw(targetPID, 1, "victim\x00", "/usr/bin/victim", "/"))
	seen := map[kernel.EventType]bool{}
	var raws [][]byte
	for _, r := range syscallRecords {
		raw := r.raw()
		h, _ := kernel.DecodeHeader(raw)
		if t := kernel.EventType(h.Type); !seen[t] && h.Pid == actorPID {
			seen[t] = true
			raws = append(raws, raw)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		s.handle(ctx, raws[n%len(raws)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
