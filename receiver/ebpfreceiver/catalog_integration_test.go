package ebpfreceiver

import (
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/watch"
	"github.com/vigil-sensor/vigil/test/harness"
)

// catalog is one receiver with every event group on, shared by the
// subtests of TestEventCatalog: attaching to every traced syscall and
// detaching again takes seconds.
type catalog struct {
	c       *collector
	watched string // a temporary directory in the "test" watch category
	actions string
}

func startCatalog(t *testing.T) *catalog {
	requireRoot(t)
	dir := realPath(t, t.TempDir())
	k := &catalog{c: newCollector(), watched: dir, actions: realPath(t, actionsBinary(t))}
	startReceiver(t, k.c.sink, func(cfg *Config) {
		enableAllGroups(cfg)
		cfg.Files.Watch = []watch.Category{
			{Name: "test", Access: watch.AccessAny, Patterns: []string{dir + "/"}},
			{Name: "forms", Access: watch.AccessAny, Patterns: []string{dir + "-exact", dir + "-pre*"}},
			{Name: "writes", Access: watch.AccessWrite, Patterns: []string{dir + "-w/"}},
		}
	})
	return k
}

// forPID matches a record of the given event from the given process.
func forPID(event string, pid int64) func(record) bool {
	return func(r record) bool { return r.Event == event && pidOf(r) == pid }
}

func (k *catalog) actionRecord(t *testing.T, event string, facts map[string]any, extra func(record) bool) record {
	t.Helper()
	pid := factInt(facts, "pid")
	return k.c.waitFor(t, fmt.Sprintf("%s from pid %d", event, pid), func(r record) bool {
		return forPID(event, pid)(r) && (extra == nil || extra(r))
	})
}

func TestEventCatalog(t *testing.T) {
	k := startCatalog(t)

	for _, ip := range []string{"127.0.0.1", "::1"} {
		t.Run("tcp connect, accept and listen on "+ip, func(t *testing.T) { k.testTCP(t, ip) })
	}
	t.Run("dns queries", k.testDNS)
	t.Run("file events", k.testFiles)
	t.Run("sensitive path opens", k.testSensitiveOpens)
	t.Run("watch pattern forms", k.testWatchForms)
	t.Run("memory", k.testMemory)
	t.Run("ptrace and process_vm_writev", k.testInjection)
	t.Run("privileges", k.testPrivileges)
	t.Run("kernel", k.testKernel)
	t.Run("mount, chroot and pivot_root", k.testMounts)
	t.Run("writes below system directories", k.testSystemWrites)
	t.Run("log files by name and the cron spool", k.testLogsAndCron)
	t.Run("set-id chmods anywhere", k.testSetidChmods)
	t.Run("links to watched files and directories", k.testLinksToWatched)
	t.Run("mkdir", k.testMkdir)
	t.Run("credential reads and environments", k.testCredentialReads)
	t.Run("regular files in /dev", k.testDevices)
	t.Run("hidden temp files, disks and web roots", k.testHiddenDisksWebRoots)
	t.Run("scripts an interpreter runs", k.testScripts)
	t.Run("the name a process was started as", k.testProcessNames)
	// catalog_syscalls_integration_test.go
	t.Run("packet and raw sockets", k.testSockets)
	t.Run("userfaultfd", k.testUserfaultfd)
	t.Run("personality", k.testPersonality)
	t.Run("clones into namespaces", k.testCloneNamespaces)
	t.Run("setns targets", k.testSetnsTargets)
	t.Run("new mount API", k.testMountAPI)
	t.Run("io_uring setup", k.testIOUring)
	t.Run("32-bit syscalls", k.testCompat)
}

func (k *catalog) testTCP(t *testing.T, ip string) {
	facts := runAction(t, "tcp", ip)
	server, client := factInt(facts, "server_port"), factInt(facts, "client_port")
	typ := "ipv4"
	if ip == "::1" {
		typ = "ipv6"
	}
	listen := k.actionRecord(t, "network.listen", facts, nil)
	assert.Equal(t, ip, listen.Attrs["network.local.address"])
	assert.Equal(t, server, listen.Attrs["network.local.port"])
	assert.Equal(t, "tcp", listen.Attrs["network.transport"])
	assert.Equal(t, typ, listen.Attrs["network.type"])
	assert.Equal(t, "listen", listen.Attrs["vigil.syscall.name"])
	assert.Equal(t, int64(0), listen.Attrs["vigil.syscall.return_value"])

	connect := k.actionRecord(t, "network.connect", facts, nil)
	want := map[string]any{
		"network.transport": "tcp", "network.type": typ,
		"network.peer.address": ip, "network.peer.port": server,
		"network.local.address": ip, "network.local.port": client,
		"vigil.network.direction": "outbound", "vigil.syscall.name": "connect", "vigil.syscall.return_value": int64(0),
		"process.executable.path": k.actions,
	}
	for key, v := range want {
		assert.Equal(t, v, connect.Attrs[key], key)
	}
	assert.NotContains(t, connect.Attrs, "error.type")

	accept := k.actionRecord(t, "network.accept", facts, nil)
	want["vigil.network.direction"] = "inbound"
	want["network.peer.port"], want["network.local.port"] = client, server
	want["vigil.syscall.name"] = accept.Attrs["vigil.syscall.name"] // accept or accept4, as the library chose
	delete(want, "vigil.syscall.return_value")
	for key, v := range want {
		assert.Equal(t, v, accept.Attrs[key], key)
	}
	assert.Contains(t, []any{"accept", "accept4"}, accept.Attrs["vigil.syscall.name"])
}

func (k *catalog) testDNS(t *testing.T) {
	server := "127.0.0.2:53"
	harness.DNSResponder(t, server)
	name := marker(t) + ".example.invalid"
	facts := runAction(t, "dns", server, name)
	assert.Equal(t, true, facts["answered"])
	for _, q := range []struct{ name, qtype, syscall string }{
		{"sendto." + name, "A", "sendto"},
		{"mmsg." + name, "A", "sendmmsg"},
		{"mmsg." + name, "AAAA", "sendmmsg"},
		{"write." + name, "TXT", "write"},
	} {
		r := k.actionRecord(t, "dns.query", facts, func(r record) bool {
			return r.Attrs["dns.question.name"] == q.name && r.Attrs["vigil.dns.question.type"] == q.qtype
		})
		assert.Equal(t, q.syscall, r.Attrs["vigil.syscall.name"], q.name)
		assert.Equal(t, "127.0.0.2", r.Attrs["network.peer.address"])
		assert.Equal(t, int64(53), r.Attrs["network.peer.port"])
		assert.Equal(t, "udp", r.Attrs["network.transport"])
		assert.Equal(t, "dns query "+q.qtype+" "+q.name+" to 127.0.0.2:53 by actions (pid "+strconv.FormatInt(factInt(facts, "pid"), 10)+")", r.Body)
	}
}

func (k *catalog) testFiles(t *testing.T) {
	file := filepath.Join(k.watched, "secret.conf")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o600))

	facts := runAction(t, "open", file, "r")
	r := k.actionRecord(t, "file.open", facts, nil)
	assert.Equal(t, file, r.Attrs["file.path"])
	assert.Equal(t, "secret.conf", r.Attrs["file.name"])
	assert.Equal(t, k.watched, r.Attrs["file.directory"])
	assert.Equal(t, "test", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, []any{"read"}, r.Attrs["vigil.file.open.intent"])
	assert.Equal(t, factInt(facts, "fd"), r.Attrs["vigil.syscall.return_value"], "the descriptor returned")

	r = k.actionRecord(t, "file.open", runAction(t, "open", filepath.Join(k.watched, "new.conf"), "creat"), nil)
	assert.Equal(t, []any{"write", "create", "truncate"}, r.Attrs["vigil.file.open.intent"])
	assert.Equal(t, "0640", r.Attrs["file.mode"])

	r = k.actionRecord(t, "file.chmod", runAction(t, "chmod", file, "0755"), nil)
	assert.Equal(t, file, r.Attrs["file.path"])
	assert.Equal(t, "0755", r.Attrs["file.mode"])
	assert.Equal(t, []any{"exec"}, r.Attrs["vigil.file.mode_bits"])
	r = k.actionRecord(t, "file.chmod", runAction(t, "chmod", file, "4755"), nil)
	assert.Equal(t, "04755", r.Attrs["file.mode"])
	assert.Equal(t, []any{"setuid", "exec"}, r.Attrs["vigil.file.mode_bits"])

	moved := filepath.Join(k.watched, "moved.conf")
	r = k.actionRecord(t, "file.rename", runAction(t, "rename", file, moved), nil)
	assert.Equal(t, moved, r.Attrs["file.path"])
	assert.Equal(t, file, r.Attrs["vigil.file.old_path"])

	// A symlink planted over a watched file, pointing somewhere else.
	r = k.actionRecord(t, "file.link", runAction(t, "symlink", "/tmp/elsewhere", moved), nil)
	assert.Equal(t, moved, r.Attrs["file.path"])
	assert.Equal(t, "symbolic", r.Attrs["vigil.file.link.type"])
	assert.Equal(t, "/tmp/elsewhere", r.Attrs["file.symbolic_link.target_path"])

	hard := filepath.Join(k.watched, "hard.conf")
	r = k.actionRecord(t, "file.link", runAction(t, "link", filepath.Join(k.watched, "new.conf"), hard), nil)
	assert.Equal(t, hard, r.Attrs["file.path"])
	assert.Equal(t, "hard", r.Attrs["vigil.file.link.type"])
	assert.Equal(t, filepath.Join(k.watched, "new.conf"), r.Attrs["vigil.file.link.target_path"])

	r = k.actionRecord(t, "file.unlink", runAction(t, "unlink", hard), nil)
	assert.Equal(t, hard, r.Attrs["file.path"])
	assert.Equal(t, "unlinkat", r.Attrs["vigil.syscall.name"])

	// A relative path climbing out of the working directory is resolved.
	sub := filepath.Join(k.watched, "sub", "deeper")
	require.NoError(t, os.MkdirAll(sub, 0o700))
	rel := filepath.Join(k.watched, "rel.conf")
	require.NoError(t, os.WriteFile(rel, nil, 0o600))
	r = k.actionRecord(t, "file.unlink", runActionIn(t, sub, "unlink", "../../rel.conf"), nil)
	assert.Equal(t, rel, r.Attrs["file.path"])

	// Outside the watch list, nothing.
	other := filepath.Join(t.TempDir(), "unwatched")
	facts = runAction(t, "open", other, "creat")
	k.c.waitFor(t, "the exit of the unwatched open's process", forPID("process.exit", factInt(facts, "pid")))
	for _, r := range k.c.all() {
		assert.False(t, r.Event == "file.open" && r.Attrs["file.path"] == other, "unwatched path reported")
	}
}

func (k *catalog) testSensitiveOpens(t *testing.T) {
	r := k.actionRecord(t, "file.open", runAction(t, "open", "/etc/shadow", "r"), nil)
	assert.Equal(t, "/etc/shadow", r.Attrs["file.path"])
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])
	assert.NotContains(t, r.Attrs, "error.type")

	denied := runAction(t, "open-as", "65534", "/etc/shadow")
	assert.Equal(t, int64(13), factInt(denied, "errno"))
	r = k.actionRecord(t, "file.open", denied, nil)
	assert.Equal(t, "/etc/shadow", r.Attrs["file.path"])
	assert.Equal(t, "EACCES", r.Attrs["error.type"])
	assert.Equal(t, int64(-13), r.Attrs["vigil.syscall.return_value"])
	assert.Equal(t, int64(65534), r.Attrs["process.user.id"], "the cache followed the setresuid")
	assert.Contains(t, r.Body, "failed: EACCES")
}

// testWatchForms checks exact paths, string prefixes and the name patterns
// of the default list (files named so in any directory).
func (k *catalog) testWatchForms(t *testing.T) {
	exact, exactly, prefixed := k.watched+"-exact", k.watched+"-exactly", k.watched+"-prefix.conf"
	home := realPath(t, t.TempDir())
	key := filepath.Join(home, ".ssh", "id_ed25519")
	aws := filepath.Join(home, ".aws", "credentials")
	awsOther := filepath.Join(home, ".aws", "cli-cache")
	for _, f := range []string{exact, exactly, prefixed, key, aws, awsOther} {
		require.NoError(t, os.MkdirAll(filepath.Dir(f), 0o700))
		require.NoError(t, os.WriteFile(f, nil, 0o600))
		t.Cleanup(func() { os.Remove(f) })
	}
	for _, w := range []struct{ path, category string }{
		{exact, "forms"}, {prefixed, "forms"}, {key, "credentials"}, {aws, "credentials"},
	} {
		r := k.actionRecord(t, "file.open", runAction(t, "open", w.path, "r"), nil)
		assert.Equal(t, w.path, r.Attrs["file.path"])
		assert.Equal(t, w.category, r.Attrs["vigil.file.watch_category"], w.path)
	}
	// A write-only category: a read is not reported, a write is.
	wdir := k.watched + "-w"
	require.NoError(t, os.MkdirAll(wdir, 0o700))
	t.Cleanup(func() { os.RemoveAll(wdir) })
	bin := filepath.Join(wdir, "tool")
	require.NoError(t, os.WriteFile(bin, nil, 0o700))
	r := k.actionRecord(t, "file.open", runAction(t, "open", bin, "w"), nil)
	assert.Equal(t, "writes", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, []any{"write", "truncate"}, r.Attrs["vigil.file.open.intent"])
	for _, unwatched := range []string{exactly, awsOther} {
		facts := runAction(t, "open", unwatched, "r")
		k.c.waitFor(t, "the exit of "+unwatched+"'s opener", forPID("process.exit", factInt(facts, "pid")))
		for _, r := range k.c.all() {
			assert.False(t, r.Event == "file.open" && r.Attrs["file.path"] == unwatched, "%s is not watched", unwatched)
		}
	}
	reader := runAction(t, "open", bin, "r")
	k.c.waitFor(t, "the exit of the reader", forPID("process.exit", factInt(reader, "pid")))
	for _, r := range k.c.all() {
		assert.False(t, r.Event == "file.open" && pidOf(r) == factInt(reader, "pid"), "a read in a write-only category")
	}
}

func (k *catalog) testMemory(t *testing.T) {
	facts := runAction(t, "mmap-wx")
	r := k.actionRecord(t, "memory.protect", facts, nil)
	assert.Equal(t, "mmap", r.Attrs["vigil.syscall.name"])
	assert.Equal(t, factInt(facts, "address"), r.Attrs["vigil.memory.address"])
	assert.Equal(t, int64(8192), r.Attrs["vigil.memory.size"])
	assert.Equal(t, []any{"PROT_READ", "PROT_WRITE", "PROT_EXEC"}, r.Attrs["vigil.memory.protection"])
	assert.Equal(t, true, r.Attrs["vigil.memory.anonymous"])

	facts = runAction(t, "mprotect-wx")
	r = k.actionRecord(t, "memory.protect", facts, nil)
	assert.Equal(t, "mprotect", r.Attrs["vigil.syscall.name"])
	assert.Equal(t, factInt(facts, "address"), r.Attrs["vigil.memory.address"])
	assert.Equal(t, int64(4096), r.Attrs["vigil.memory.size"])

	m := marker(t)
	facts = runAction(t, "memfd-exec", "/bin/echo", "payload", m)
	r = k.actionRecord(t, "memory.memfd_create", facts, nil)
	assert.Equal(t, "payload", r.Attrs["vigil.memfd.name"])
	assert.Equal(t, []any{"MFD_CLOEXEC"}, r.Attrs["vigil.memfd.flags"])
	exec := k.c.waitFor(t, "exec from the memfd", func(r record) bool {
		return r.Event == "process.exec" && argsContain(r.Attrs["process.command_args"], m) &&
			r.Attrs["process.executable.path"] != k.actions
	})
	assert.Equal(t, "/memfd:payload", exec.Attrs["process.executable.path"])
	assert.Equal(t, "/proc/self/fd/3", exec.Attrs["vigil.process.exec.filename"])
}

func (k *catalog) testInjection(t *testing.T) {
	m := marker(t)
	shell := realPath(t, "/bin/sh")
	facts := runAction(t, "ptrace", m)
	r := k.actionRecord(t, "process.ptrace", facts, nil)
	assert.Equal(t, "PTRACE_ATTACH", r.Attrs["vigil.ptrace.request"])
	assert.Equal(t, factInt(facts, "target"), r.Attrs["vigil.target.process.pid"])
	assert.Equal(t, shell, r.Attrs["vigil.target.process.executable.path"])
	assert.Equal(t, "/bin/sh -c echo ready; read line "+m, r.Attrs["vigil.target.process.command_line"])
	assert.Equal(t, int64(0), r.Attrs["vigil.syscall.return_value"])

	facts = runAction(t, "vm-write", m)
	r = k.actionRecord(t, "process.vm_write", facts, nil)
	assert.Equal(t, factInt(facts, "target"), r.Attrs["vigil.target.process.pid"])
	assert.Equal(t, shell, r.Attrs["vigil.target.process.executable.path"])
	assert.Equal(t, factInt(facts, "written"), r.Attrs["vigil.syscall.return_value"])
}

func (k *catalog) testPrivileges(t *testing.T) {
	r := k.actionRecord(t, "process.setuid", runAction(t, "setuid", "65534"), nil)
	assert.Equal(t, int64(65534), r.Attrs["vigil.setid.requested.effective"])
	assert.Equal(t, []any{int64(0), int64(0), int64(0)}, []any{r.Attrs["vigil.setid.before.real"], r.Attrs["vigil.setid.before.effective"], r.Attrs["vigil.setid.before.saved"]})
	assert.Equal(t, []any{int64(65534), int64(65534), int64(65534)}, []any{r.Attrs["vigil.setid.after.real"], r.Attrs["vigil.setid.after.effective"], r.Attrs["vigil.setid.after.saved"]})

	r = k.actionRecord(t, "process.setresuid", runAction(t, "setresuid", "1000", "-1", "2000"), nil)
	assert.Equal(t, int64(1000), r.Attrs["vigil.setid.requested.real"])
	assert.NotContains(t, r.Attrs, "vigil.setid.requested.effective", "-1 leaves it alone")
	assert.Equal(t, int64(2000), r.Attrs["vigil.setid.requested.saved"])
	assert.Equal(t, []any{int64(1000), int64(0), int64(2000)}, []any{r.Attrs["vigil.setid.after.real"], r.Attrs["vigil.setid.after.effective"], r.Attrs["vigil.setid.after.saved"]})

	r = k.actionRecord(t, "process.capset", runAction(t, "capset"), nil)
	assert.Equal(t, []any{"CAP_NET_BIND_SERVICE"}, r.Attrs["vigil.capabilities.requested.effective"])
	assert.Contains(t, r.Attrs["vigil.capabilities.dropped"], "CAP_SYS_ADMIN")
	assert.NotContains(t, r.Attrs["vigil.capabilities.dropped"], "CAP_NET_BIND_SERVICE")
	assert.Equal(t, []any{}, r.Attrs["vigil.capabilities.gained"])
}

func (k *catalog) testKernel(t *testing.T) {
	facts := runAction(t, "init-module", "vigil_test=1")
	r := k.actionRecord(t, "kernel.module_load", facts, nil)
	assert.Equal(t, "init_module", r.Attrs["vigil.syscall.name"])
	assert.Equal(t, -factInt(facts, "errno"), r.Attrs["vigil.syscall.return_value"], "the refusal is reported")
	assert.NotEmpty(t, r.Attrs["error.type"])

	// The library probes the kernel with loads of its own first: find ours.
	r = k.actionRecord(t, "bpf.program_load", runAction(t, "bpf-load", "vigil_test_prog"), func(r record) bool {
		return r.Attrs["vigil.bpf.program.name"] == "vigil_test_prog"
	})
	assert.Equal(t, "socket_filter", r.Attrs["vigil.bpf.program.type"])
	assert.Equal(t, "vigil_test_prog", r.Attrs["vigil.bpf.program.name"])
	assert.Greater(t, r.Attrs["vigil.syscall.return_value"], int64(0), "a program descriptor")

	r = k.actionRecord(t, "kernel.unshare", runAction(t, "unshare"), nil)
	assert.Equal(t, []any{"CLONE_NEWNS", "CLONE_NEWUTS"}, r.Attrs["vigil.namespace.flags"])

	target := runAction(t, "setns", strconv.Itoa(os.Getpid()))
	r = k.actionRecord(t, "kernel.setns", target, nil)
	assert.Equal(t, "CLONE_NEWUTS", r.Attrs["vigil.namespace.type"])
	assert.Equal(t, factInt(target, "inode"), r.Attrs["vigil.namespace.inode"])
}

func (k *catalog) testMounts(t *testing.T) {
	dir := realPath(t, mountableDir(t))
	source := marker(t)
	// The action first makes its mount namespace private (a mount of "/"): find the tmpfs.
	r := k.actionRecord(t, "file.mount", runAction(t, "mount", dir, source), func(r record) bool {
		return r.Attrs["vigil.mount.fstype"] == "tmpfs"
	})
	assert.Equal(t, source, r.Attrs["vigil.mount.source"])
	assert.Equal(t, dir, r.Attrs["vigil.mount.target"])
	assert.Equal(t, "tmpfs", r.Attrs["vigil.mount.fstype"])
	assert.Equal(t, []any{"MS_NOSUID", "MS_NODEV"}, r.Attrs["vigil.mount.flags"])

	r = k.actionRecord(t, "kernel.chroot", runAction(t, "chroot", dir), nil)
	assert.Equal(t, dir, r.Attrs["file.path"])

	r = k.actionRecord(t, "kernel.pivot_root", runAction(t, "pivot-root", dir), nil)
	assert.Equal(t, dir, r.Attrs["file.path"])
	assert.Equal(t, dir+"/old", r.Attrs["vigil.pivot_root.put_old"])
}

// noRecordFrom waits for the exit of an action's process and checks that
// none of its records matches pred.
func (k *catalog) noRecordFrom(t *testing.T, facts map[string]any, what string, pred func(record) bool) {
	t.Helper()
	pid := factInt(facts, "pid")
	k.c.waitFor(t, fmt.Sprintf("the exit of pid %d", pid), forPID("process.exit", pid))
	for _, r := range k.c.all() {
		if r.Attrs["process.pid"] == pid && pred(r) {
			t.Errorf("%s: got %s %v", what, r.Event, r.Attrs["file.path"])
		}
	}
}

func isEvent(event string) func(record) bool {
	return func(r record) bool { return r.Event == event }
}

func (k *catalog) testSystemWrites(t *testing.T) {
	conf := "/etc/" + marker(t)
	t.Cleanup(func() { os.Remove(conf) })
	r := k.actionRecord(t, "file.open", runAction(t, "open", conf, "creat"), nil)
	assert.Equal(t, conf, r.Attrs["file.path"])
	assert.Equal(t, "system_config", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, []any{"write", "create", "truncate"}, r.Attrs["vigil.file.open.intent"])
	r = k.actionRecord(t, "file.unlink", runAction(t, "unlink", conf), nil)
	assert.Equal(t, conf, r.Attrs["file.path"])
	assert.Equal(t, "system_config", r.Attrs["vigil.file.watch_category"])
	// The more specific category wins under /etc.
	r = k.actionRecord(t, "file.open", runAction(t, "open", "/etc/passwd", "w"), nil)
	assert.Equal(t, "persistence", r.Attrs["vigil.file.watch_category"])
	// Reading the configuration is not news.
	k.noRecordFrom(t, runAction(t, "open", "/etc/passwd", "r"), "a read below /etc", isEvent("file.open"))
}

func (k *catalog) testLogsAndCron(t *testing.T) {
	// Log files are known by name outside /var/log: truncating one is wiping it.
	dir := realPath(t, t.TempDir())
	for _, name := range []string{"syslog", "auth.log", "wtmp"} {
		log := filepath.Join(dir, name)
		r := k.actionRecord(t, "file.open", runAction(t, "open", log, "creat"), nil)
		assert.Equal(t, log, r.Attrs["file.path"])
		assert.Equal(t, "logs", r.Attrs["vigil.file.watch_category"], name)
		assert.Equal(t, []any{"write", "create", "truncate"}, r.Attrs["vigil.file.open.intent"])
	}

	// crontab(1) writes a temporary file in the spool, from the spool's
	// parent, and renames it to the user's name.
	spool := "/var/spool/cron/crontabs"
	made := missingAncestor(spool)
	require.NoError(t, os.MkdirAll(spool, 0o730))
	user := marker(t)
	tmp, final := "crontabs/tmp."+user, "crontabs/"+user
	t.Cleanup(func() {
		os.Remove(filepath.Join(spool, user))
		os.Remove(filepath.Join(spool, "tmp."+user))
		if made != "" {
			os.RemoveAll(made)
		}
	})
	r := k.actionRecord(t, "file.open", runActionIn(t, "/var/spool/cron", "open", tmp, "creat"), nil)
	assert.Equal(t, "/var/spool/cron/"+tmp, r.Attrs["file.path"])
	assert.Equal(t, "persistence", r.Attrs["vigil.file.watch_category"])
	r = k.actionRecord(t, "file.rename", runActionIn(t, "/var/spool/cron", "rename", tmp, final), nil)
	assert.Equal(t, "/var/spool/cron/"+final, r.Attrs["file.path"])
	assert.Equal(t, "/var/spool/cron/"+tmp, r.Attrs["vigil.file.old_path"])
	assert.Equal(t, "persistence", r.Attrs["vigil.file.watch_category"])
}

// missingAncestor is the topmost directory of path that does not exist
// yet ("" when path exists): what a test that makes path must remove.
func missingAncestor(path string) string {
	missing := ""
	for p := path; p != "/"; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil {
			break
		}
		missing = p
	}
	return missing
}

func (k *catalog) testSetidChmods(t *testing.T) {
	// In a directory nobody watches.
	tool := filepath.Join(realPath(t, t.TempDir()), "tool")
	require.NoError(t, os.WriteFile(tool, nil, 0o755))
	r := k.actionRecord(t, "file.chmod", runAction(t, "chmod", tool, "4755"), nil)
	assert.Equal(t, tool, r.Attrs["file.path"])
	assert.Equal(t, "04755", r.Attrs["file.mode"])
	assert.Equal(t, []any{"setuid", "exec"}, r.Attrs["vigil.file.mode_bits"])
	assert.NotContains(t, r.Attrs, "vigil.file.watch_category", "no pattern matched")
	r = k.actionRecord(t, "file.chmod", runAction(t, "chmod", tool, "2750"), nil)
	assert.Equal(t, []any{"setgid", "exec"}, r.Attrs["vigil.file.mode_bits"])
	k.noRecordFrom(t, runAction(t, "chmod", tool, "0700"), "a chmod without set-id bits of an unwatched file", isEvent("file.chmod"))
}

func (k *catalog) testLinksToWatched(t *testing.T) {
	dir := realPath(t, t.TempDir())
	for _, l := range []struct{ target, category string }{
		{"/etc", "system_config"}, // a directory: matches the /etc/ tree
		{"/etc/shadow", "credentials"},
	} {
		link := filepath.Join(dir, filepath.Base(l.target))
		r := k.actionRecord(t, "file.link", runAction(t, "symlink", l.target, link), nil)
		assert.Equal(t, link, r.Attrs["file.path"])
		assert.Equal(t, l.target, r.Attrs["file.symbolic_link.target_path"])
		assert.Equal(t, l.category, r.Attrs["vigil.file.watch_category"], l.target)
	}
	// A relative target is followed from the link's directory.
	sub := filepath.Join(dir, "a", "b")
	require.NoError(t, os.MkdirAll(sub, 0o700))
	rel, err := filepath.Rel(sub, "/etc/shadow")
	require.NoError(t, err)
	link := filepath.Join(sub, "s")
	r := k.actionRecord(t, "file.link", runAction(t, "symlink", rel, link), nil)
	assert.Equal(t, rel, r.Attrs["file.symbolic_link.target_path"], "kept as given")
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])
	// More "../" than directories stop at the root, as the kernel's do.
	r = k.actionRecord(t, "file.link", runAction(t, "symlink", strings.Repeat("../", 12)+"etc/passwd", filepath.Join(sub, "p")), nil)
	assert.Equal(t, "persistence", r.Attrs["vigil.file.watch_category"])
	// ...to a directory matched by its name.
	home := realPath(t, t.TempDir())
	require.NoError(t, os.Mkdir(filepath.Join(home, ".ssh"), 0o700))
	r = k.actionRecord(t, "file.link", runAction(t, "symlink", "./.ssh", filepath.Join(home, "keys")), nil)
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])
	// A relative target nobody watches.
	k.noRecordFrom(t, runAction(t, "symlink", "../b/elsewhere", filepath.Join(sub, "u")), "a link to an unwatched path", isEvent("file.link"))
}

func (k *catalog) testMkdir(t *testing.T) {
	bin := "/usr/local/bin/" + marker(t)
	t.Cleanup(func() { os.Remove(bin) })
	facts := runAction(t, "mkdir", bin, "755")
	require.Equal(t, int64(0), factInt(facts, "errno"))
	r := k.actionRecord(t, "file.mkdir", facts, nil)
	assert.Equal(t, bin, r.Attrs["file.path"])
	assert.Equal(t, "/usr/local/bin", r.Attrs["file.directory"])
	assert.Equal(t, "binaries", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, "0755", r.Attrs["file.mode"])
	assert.Equal(t, "mkdirat", r.Attrs["vigil.syscall.name"])
	assert.Equal(t, int64(0), r.Attrs["vigil.syscall.return_value"])
	// Nothing made, nothing reported.
	facts = runAction(t, "mkdir", bin, "755")
	require.Equal(t, int64(unix.EEXIST), factInt(facts, "errno"))
	k.noRecordFrom(t, facts, "a mkdir that failed with EEXIST", isEvent("file.mkdir"))

	// Directly under the root, watched or not; with a trailing slash.
	top := "/" + marker(t)
	t.Cleanup(func() { os.Remove(top) })
	r = k.actionRecord(t, "file.mkdir", runAction(t, "mkdir", top+"/", "700"), nil)
	assert.Equal(t, top, r.Attrs["file.path"])
	assert.Equal(t, "/", r.Attrs["file.directory"])
	assert.Equal(t, top[1:], r.Attrs["file.name"])
	assert.NotContains(t, r.Attrs, "vigil.file.watch_category")
	// A directory pattern matches the directory made.
	home := realPath(t, t.TempDir())
	r = k.actionRecord(t, "file.mkdir", runActionIn(t, home, "mkdir", ".ssh", "700"), nil)
	assert.Equal(t, filepath.Join(home, ".ssh"), r.Attrs["file.path"])
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])
	// Anywhere else, nothing.
	k.noRecordFrom(t, runAction(t, "mkdir", filepath.Join(home, "x"), "700"), "a mkdir in an unwatched directory", isEvent("file.mkdir"))
}

func (k *catalog) testCredentialReads(t *testing.T) {
	home := realPath(t, t.TempDir())
	key := filepath.Join(home, ".ssh", "id_rsa")
	require.NoError(t, os.MkdirAll(filepath.Dir(key), 0o700))
	require.NoError(t, os.WriteFile(key, nil, 0o600))
	r := k.actionRecord(t, "file.open", runAction(t, "open", key, "r"), nil)
	assert.Equal(t, key, r.Attrs["file.path"])
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])
	// ls ~/.ssh opens the directory itself.
	r = k.actionRecord(t, "file.open", runAction(t, "opendir", filepath.Dir(key)), nil)
	assert.Equal(t, filepath.Dir(key), r.Attrs["file.path"])
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])
	assert.Contains(t, r.Attrs["vigil.file.open.flags"], "O_DIRECTORY")
	// Refused to another user: the open asked for a directory.
	facts := runAction(t, "opendir-as", "65534", filepath.Dir(key))
	require.Equal(t, int64(unix.EACCES), factInt(facts, "errno"))
	r = k.actionRecord(t, "file.open", facts, nil)
	assert.Equal(t, filepath.Dir(key), r.Attrs["file.path"])
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, "EACCES", r.Attrs["error.type"])
	// A shell history is read for the passwords typed into it.
	history := filepath.Join(realPath(t, t.TempDir()), ".bash_history")
	require.NoError(t, os.WriteFile(history, nil, 0o600))
	r = k.actionRecord(t, "file.open", runAction(t, "open", history, "r"), nil)
	assert.Equal(t, history, r.Attrs["file.path"])
	assert.Equal(t, "histories", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, []any{"read"}, r.Attrs["vigil.file.open.intent"])
	// A key copied elsewhere is known by its name.
	loot := filepath.Join(realPath(t, t.TempDir()), "id_ed25519.bak")
	require.NoError(t, os.WriteFile(loot, nil, 0o600))
	r = k.actionRecord(t, "file.open", runAction(t, "open", loot, "r"), nil)
	assert.Equal(t, loot, r.Attrs["file.path"])
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])

	// Another process's environment...
	m := marker(t)
	target, _ := waiting(t, m)
	k.c.waitFor(t, "exec of the waiting shell", isExecOf(shellName(t), m))
	environ := fmt.Sprintf("/proc/%d/environ", target.Process.Pid)
	facts = runAction(t, "open", environ, "r")
	r = k.actionRecord(t, "file.open", facts, nil)
	assert.Equal(t, environ, r.Attrs["file.path"])
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, int64(target.Process.Pid), r.Attrs["vigil.target.process.pid"])
	assert.Equal(t, realPath(t, "/bin/sh"), r.Attrs["vigil.target.process.executable.path"])
	assert.Equal(t, false, r.Attrs["vigil.target.process.self"])
	// ...and its own, through /proc/self.
	facts = runAction(t, "open", "/proc/self/environ", "r")
	r = k.actionRecord(t, "file.open", facts, nil)
	assert.Equal(t, fmt.Sprintf("/proc/%d/environ", factInt(facts, "pid")), r.Attrs["file.path"])
	assert.Equal(t, factInt(facts, "pid"), r.Attrs["vigil.target.process.pid"])
	assert.Equal(t, true, r.Attrs["vigil.target.process.self"])
	// Its memory, read and written through /proc/<pid>/mem.
	mem := fmt.Sprintf("/proc/%d/mem", target.Process.Pid)
	r = k.actionRecord(t, "file.open", runAction(t, "open", mem, "rw"), nil)
	assert.Equal(t, mem, r.Attrs["file.path"])
	assert.Equal(t, "credentials", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, []any{"read", "write"}, r.Attrs["vigil.file.open.intent"])
	assert.Equal(t, false, r.Attrs["vigil.target.process.self"])
	// Its executable, opened for writing (refused while it runs).
	exe := fmt.Sprintf("/proc/%d/exe", target.Process.Pid)
	r = k.actionRecord(t, "file.open", runAction(t, "open", exe, "w"), nil)
	assert.Equal(t, exe, r.Attrs["file.path"])
	assert.Equal(t, "container_escape", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, "ETXTBSY", r.Attrs["error.type"])
	// Other files of a process are not watched.
	k.noRecordFrom(t, runAction(t, "open", fmt.Sprintf("/proc/%d/status", target.Process.Pid), "r"), "/proc/<pid>/status", isEvent("file.open"))
}

func (k *catalog) testDevices(t *testing.T) {
	dev := "/dev/" + marker(t)
	t.Cleanup(func() { os.Remove(dev) })
	r := k.actionRecord(t, "file.open", runAction(t, "open", dev, "creat"), nil)
	assert.Equal(t, dev, r.Attrs["file.path"])
	assert.Equal(t, "devices", r.Attrs["vigil.file.watch_category"])
	// Writing to a device node, or a file in /dev/shm, is not news.
	k.noRecordFrom(t, runAction(t, "open", "/dev/null", "w"), "a write to /dev/null", isEvent("file.open"))
	shm := "/dev/shm/" + marker(t)
	t.Cleanup(func() { os.Remove(shm) })
	k.noRecordFrom(t, runAction(t, "open", shm, "creat"), "a file made in /dev/shm", isEvent("file.open"))
}

// The built-in hidden_temp, block_devices and web_roots categories.
func (k *catalog) testHiddenDisksWebRoots(t *testing.T) {
	m := marker(t)
	hidden := "/tmp/." + m
	t.Cleanup(func() { os.Remove(hidden) })
	r := k.actionRecord(t, "file.open", runAction(t, "open", hidden, "creat"), nil)
	assert.Equal(t, "hidden_temp", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, "/tmp", r.Attrs["file.directory"])
	hiddenDir := "/var/tmp/." + m
	t.Cleanup(func() { os.Remove(hiddenDir) })
	r = k.actionRecord(t, "file.mkdir", runAction(t, "mkdir", hiddenDir, "755"), nil)
	assert.Equal(t, "hidden_temp", r.Attrs["vigil.file.watch_category"])
	// In /dev/shm despite the devices category's exclusion of it.
	shm := "/dev/shm/." + m
	t.Cleanup(func() { os.Remove(shm) })
	r = k.actionRecord(t, "file.open", runAction(t, "open", shm, "creat"), nil)
	assert.Equal(t, "hidden_temp", r.Attrs["vigil.file.watch_category"])
	// A visible file, or a hidden one read, is not news.
	visible := "/tmp/" + m
	t.Cleanup(func() { os.Remove(visible) })
	k.noRecordFrom(t, runAction(t, "open", visible, "creat"), "a visible file made in /tmp", isEvent("file.open"))
	k.noRecordFrom(t, runAction(t, "open", hidden, "r"), "a hidden file read", isEvent("file.open"))

	// A disk's node, read: every open counts, failed ones included (no
	// such disk here: nothing is opened).
	disk := "/dev/sdzz" + m
	r = k.actionRecord(t, "file.open", runAction(t, "open", disk, "r"), nil)
	assert.Equal(t, "block_devices", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, disk, r.Attrs["file.path"])
	if _, err := os.Stat("/dev/loop0"); err == nil {
		// A loop device opened read-only, without an ioctl: harmless.
		r = k.actionRecord(t, "file.open", runAction(t, "open", "/dev/loop0", "r"), nil)
		assert.Equal(t, "block_devices", r.Attrs["vigil.file.watch_category"])
		k.noRecordFrom(t, runAction(t, "open", "/dev/loop-control", "r"), "the loop control device", isEvent("file.open"))
	}

	// A script written into a web root (the directory does not exist
	// here: the failed open is reported all the same).
	shell := "/srv/www/" + m + "/s.php"
	r = k.actionRecord(t, "file.open", runAction(t, "open", shell, "creat"), nil)
	assert.Equal(t, "web_roots", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, shell, r.Attrs["file.path"])
}

func (k *catalog) testScripts(t *testing.T) {
	m := marker(t)
	script := "/dev/shm/" + m + ".sh"
	// The trailing true keeps the shell from exec'ing echo in place.
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\n/bin/echo "+m+" >/dev/null\ntrue\n"), 0o755))
	t.Cleanup(func() { os.Remove(script) })
	execOf := func(cmd *osexec.Cmd) record {
		t.Helper()
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		return k.c.waitFor(t, "exec of "+cmd.String(), forPID("process.exec", int64(cmd.Process.Pid)))
	}

	// Run directly: the kernel runs the interpreter of its #! line.
	r := execOf(osexec.Command(script))
	assert.Equal(t, realPath(t, "/bin/sh"), r.Attrs["process.executable.path"])
	assert.Equal(t, script, r.Attrs["vigil.process.script.path"])
	assert.Equal(t, script, r.Attrs["vigil.process.exec.filename"])
	assert.Equal(t, m+".sh", r.Attrs["vigil.process.name"], "the name the kernel gives it: the script's")
	echo := k.c.waitFor(t, "the script's echo", isExecOf("echo", m))
	assert.Equal(t, m+".sh", echo.Attrs["vigil.process.parent.name"])
	assert.Equal(t, "echo", echo.Attrs["vigil.process.name"])
	assert.Equal(t, m+".sh", firstOf(echo.Attrs["vigil.process.ancestors.name"]))

	// As an argument of sh, relative to its working directory.
	sh := osexec.Command("/bin/sh", "-e", "./"+m+".sh")
	sh.Dir = "/dev/shm"
	r = execOf(sh)
	assert.Equal(t, script, r.Attrs["vigil.process.script.path"])
	assert.Equal(t, "sh", r.Attrs["vigil.process.name"])

	// A command string is no script.
	r = execOf(osexec.Command("/bin/sh", "-c", "true "+m))
	assert.NotContains(t, r.Attrs, "vigil.process.script.path")
}

func firstOf(v any) any {
	if s, ok := v.([]any); ok && len(s) > 0 {
		return s[0]
	}
	return nil
}

func (k *catalog) testProcessNames(t *testing.T) {
	// Started through a symbolic link named like a server.
	httpd := filepath.Join(realPath(t, t.TempDir()), "httpd")
	require.NoError(t, os.Symlink(k.actions, httpd))
	served := filepath.Join(k.watched, "served.conf")
	require.NoError(t, os.WriteFile(served, nil, 0o600))
	facts := runActionAs(t, httpd, "", "open", served, "r")
	exec := k.actionRecord(t, "process.exec", facts, nil)
	assert.Equal(t, k.actions, exec.Attrs["process.executable.path"])
	assert.Equal(t, "actions", exec.Attrs["process.executable.name"])
	assert.Equal(t, "httpd", exec.Attrs["vigil.process.name"])
	assert.Equal(t, httpd, exec.Attrs["vigil.process.exec.filename"])
	open := k.actionRecord(t, "file.open", facts, nil)
	assert.Equal(t, "httpd", open.Attrs["vigil.process.name"], "every record of the process")
	// Without a link, the name is the executable's.
	exec = k.actionRecord(t, "process.exec", runAction(t, "open", served, "r"), nil)
	assert.Equal(t, "actions", exec.Attrs["vigil.process.name"])
}

// TestProcessNameOfAProcessFoundAtStart checks the name of a process the
// receiver learns of from /proc: its comm, which the kernel set from the
// name it was started as.
func TestProcessNameOfAProcessFoundAtStart(t *testing.T) {
	requireRoot(t)
	dir := realPath(t, t.TempDir())
	mysqld := filepath.Join(dir, "mysqld")
	require.NoError(t, os.Symlink(realPath(t, actionsBinary(t)), mysqld))
	file := filepath.Join(dir, "watched")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	before := osexec.Command(mysqld, "after-stdin", "open", file, "r")
	release, err := before.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, before.Start())
	c := newCollector()
	startReceiver(t, c.sink, func(cfg *Config) {
		cfg.Files.Enabled = true
		cfg.Files.DefaultWatch = false
		cfg.Files.Watch = []watch.Category{{Name: "test", Patterns: []string{file}}}
	})
	// Records are read once the start-up scan is done: one of a process
	// started now says it is, and the process found at start may act.
	m := marker(t)
	require.NoError(t, osexec.Command("/bin/echo", m).Run())
	c.waitFor(t, "a record read after the start-up scan", isExecOf("echo", m))
	_, err = release.Write([]byte("go\n"))
	require.NoError(t, err)
	require.NoError(t, before.Wait())
	r := c.waitFor(t, "the open of the process found at start", forPID("file.open", int64(before.Process.Pid)))
	assert.Equal(t, realPath(t, actionsBinary(t)), r.Attrs["process.executable.path"])
	assert.Equal(t, "mysqld", r.Attrs["vigil.process.name"])
}

func TestFileOpenStormIsCountedLostNotSilent(t *testing.T) {
	requireRoot(t)
	dir := realPath(t, t.TempDir())
	file := filepath.Join(dir, "hot")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	c := newCollector()
	refusing := &refusingConsumer{sink: c.sink}
	startReceiver(t, refusing, func(cfg *Config) {
		cfg.Files.Enabled = true
		cfg.Files.DefaultWatch = false
		cfg.Files.Watch = []watch.Category{{Name: "hot", Patterns: []string{file}}}
		cfg.RingBufferSize = 64 << 10
		cfg.Batch.MaxSize = 16
		cfg.LossReportInterval = time.Second
	})
	facts := runAction(t, "open-storm", file, "500ms")
	opens := factInt(facts, "opens")
	refusing.open.Store(true)

	var lost int64
	require.Eventually(t, func() bool {
		lost = 0
		for _, r := range c.all() {
			if r.Event == "sensor.loss" && r.Attrs["vigil.loss.event_name"] == "file.open" {
				lost += r.Attrs["vigil.loss.count"].(int64)
			}
		}
		return lost > 0
	}, 15*time.Second, 50*time.Millisecond, "no sensor.loss record for file.open")
	time.Sleep(1500 * time.Millisecond)
	received := int64(0)
	for _, r := range c.all() {
		if r.Event == "file.open" && r.Attrs["file.path"] == file {
			received++
		}
	}
	assert.Equal(t, opens, received+lost, "every open of the storm is received or counted lost (received %d, lost %d)", received, lost)
}

func TestDisabledGroupEmitsNothing(t *testing.T) {
	requireRoot(t)
	dir := realPath(t, t.TempDir())
	file := filepath.Join(dir, "watched")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	c := newCollector()
	startReceiver(t, c.sink, func(cfg *Config) {
		cfg.Network.Enabled = true
		cfg.Files.Enabled = false // watched, but the group is off
		cfg.Files.Watch = []watch.Category{{Name: "test", Patterns: []string{file}}}
	})
	opened := runAction(t, "open", file, "r")
	connected := runAction(t, "tcp", "127.0.0.1")
	c.waitFor(t, "the connect (network is on)", forPID("network.connect", factInt(connected, "pid")))
	c.waitFor(t, "the exit of the opening process", forPID("process.exit", factInt(opened, "pid")))
	for _, r := range c.all() {
		assert.False(t, strings.HasPrefix(r.Event, "file."), "files group is off, got %s", r.Event)
	}
}

func TestContainerEventsCarryItsID(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, func(cfg *Config) {
		cfg.Network.Enabled = true
		cfg.Files.Enabled = true
		cfg.Memory.Enabled = true
	})
	const podUID = "7c1e4d2a-9b3f-4e5d-8a6c-1f2e3d4c5b6a"
	id := strings.Repeat("ab", 32)
	require.Equal(t, 0, harness.RunInContainer(t, podUID, id, "/bin/sh", "-c",
		"/bin/actions tcp 127.0.0.1 && /bin/actions open /etc/shadow r && /bin/actions ptrace in-container", harness.WithFile("/bin/actions", actionsBinary(t)),
		harness.WithContent("/etc/shadow", "root:*:19000:0:99999:7:::\n")))

	connect := c.waitFor(t, "a connect in the container", func(r record) bool {
		return r.Event == "network.connect" && r.Resource["container.id"] == id
	})
	assert.Equal(t, podUID, connect.Resource["k8s.pod.uid"])
	assert.Equal(t, "127.0.0.1", connect.Attrs["network.peer.address"])
	assert.Equal(t, "/bin/actions", connect.Attrs["process.executable.path"])
	open := c.waitFor(t, "the shadow read in the container", func(r record) bool {
		return r.Event == "file.open" && r.Resource["container.id"] == id
	})
	assert.Equal(t, "/etc/shadow", open.Attrs["file.path"], "the path as the container sees it")
	assert.Equal(t, "credentials", open.Attrs["vigil.file.watch_category"])

	// The ptrace names its target by its pid in the container: the record
	// gives the host pid of that same process.
	target := c.waitFor(t, "the traced shell's exec", func(r record) bool {
		return r.Event == "process.exec" && r.Resource["container.id"] == id && argsContain(r.Attrs["process.command_args"], "in-container") &&
			r.Attrs["process.executable.path"] == "/bin/busybox"
	})
	ptrace := c.waitFor(t, "the ptrace in the container", func(r record) bool {
		return r.Event == "process.ptrace" && r.Resource["container.id"] == id
	})
	assert.Equal(t, pidOf(target), ptrace.Attrs["vigil.target.process.pid"])
	assert.Equal(t, "/bin/busybox", ptrace.Attrs["vigil.target.process.executable.path"])
}

func TestExcludedProcessesAndCgroups(t *testing.T) {
	requireRoot(t)
	const podUID = "3e5f7a9b-1c2d-4e6f-8a0b-9c8d7e6f5a4b"
	const siblingUID = "3e5f7a9b-1c2d-4e6f-8a0b-9c8d7e6f5a4c"
	id, siblingID := strings.Repeat("cd", 32), strings.Repeat("ce", 32)
	c := newCollector()
	actions := realPath(t, actionsBinary(t))
	// One of them runs before the receiver starts: the start-up scan finds it.
	before := osexec.Command(actions, "after-stdin", "tcp", "127.0.0.1")
	release, err := before.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, before.Start())
	startReceiver(t, c.sink, func(cfg *Config) {
		cfg.Network.Enabled = true
		cfg.Exclude.Executables = []string{actions}
		// The second entry is a prefix of the sibling's name, not a
		// cgroup of its path: the sibling stays reported.
		cfg.Exclude.Cgroups = []string{"/kubepods/besteffort/pod" + podUID, "/kubepods/besteffort/pod" + siblingUID[:30]}
	})

	excluded := runAction(t, "tcp", "127.0.0.1")
	exec := c.waitFor(t, "the excluded process's exec (process events stay)", forPID("process.exec", factInt(excluded, "pid")))
	assert.Equal(t, actions, exec.Attrs["process.executable.path"])
	time.Sleep(200 * time.Millisecond) // the start-up scan is done
	_, err = release.Write([]byte("go\n"))
	require.NoError(t, err)
	require.NoError(t, before.Wait())
	c.waitFor(t, "the pre-existing process's exit", forPID("process.exit", int64(before.Process.Pid)))

	// The same action from a copy under another name is reported...
	other := filepath.Join(t.TempDir(), "other-actions")
	data, err := os.ReadFile(actions)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(other, data, 0o755))
	out, err := osexec.Command(other, "tcp", "127.0.0.1").CombinedOutput()
	require.NoError(t, err, string(out))
	c.waitFor(t, "a connect from the copy", func(r record) bool {
		return r.Event == "network.connect" && r.Attrs["process.executable.path"] == realPath(t, other)
	})
	// ...and one from the excluded cgroup is not.
	require.Equal(t, 0, harness.RunInContainer(t, podUID, id, "/bin/actions", "tcp", "127.0.0.1", harness.WithFile("/bin/actions", actions)))
	c.waitFor(t, "the container's exec", func(r record) bool {
		return r.Event == "process.exec" && r.Resource["container.id"] == id
	})
	require.Equal(t, 0, harness.RunInContainer(t, siblingUID, siblingID, "/bin/actions", "tcp", "127.0.0.1", harness.WithFile("/bin/actions", actions)))
	c.waitFor(t, "a connect in the sibling cgroup", func(r record) bool {
		return r.Event == "network.connect" && r.Resource["container.id"] == siblingID
	})
	time.Sleep(300 * time.Millisecond)
	for _, r := range c.all() {
		if strings.HasPrefix(r.Event, "network.") {
			assert.NotEqual(t, factInt(excluded, "pid"), pidOf(r), "excluded executable")
			assert.NotEqual(t, int64(before.Process.Pid), pidOf(r), "excluded executable, running before the start")
			assert.NotEqual(t, id, r.Resource["container.id"], "excluded cgroup")
		}
	}
}

// mountableDir is a temporary directory the actions mount on in their own
// mount namespaces. Those namespaces are torn down after the actions exit,
// asynchronously: until then the directory is a mount point somewhere and
// cannot be removed (EBUSY), so removal is retried for a while.
func mountableDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "vigil-mounts-")
	require.NoError(t, err)
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for {
			err := os.RemoveAll(dir)
			if err == nil || !errors.Is(err, unix.EBUSY) || time.Now().After(deadline) {
				assert.NoError(t, err, "removing %s", dir)
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	return dir
}
