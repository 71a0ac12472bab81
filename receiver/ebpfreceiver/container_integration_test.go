package ebpfreceiver

import (
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

func TestContainerExecCarriesContainerAndPod(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)
	const podUID = "4a3f9c2e-8b1d-4e6f-9a7c-2d5b8e1f0c3a"
	id := "c0ffee" + m[len(m)-12:] + "0123456789abcdef0123456789abcdef0123456789abcd"
	require.Len(t, id, 64)

	require.Equal(t, 4, harness.RunInContainer(t, podUID, id, "/bin/sh", "-c", "/bin/echo "+m+"; exit 4"))

	echo := c.waitFor(t, "exec of echo in the container", isExecOf("busybox", m))
	assert.Equal(t, id, echo.Resource["container.id"])
	assert.Equal(t, podUID, echo.Resource["k8s.pod.uid"])
	assert.Equal(t, "containerd", echo.Resource["container.runtime.name"])
	assert.Equal(t, "/bin/busybox", echo.Attrs["process.executable.path"], "paths are as the container sees them")
	assert.Equal(t, []any{"/bin/echo", m}, echo.Attrs["process.command_args"])
	assert.Contains(t, echo.Attrs["process.linux.cgroup"], "/kubepods/besteffort/pod"+podUID+"/"+id)
	assert.NotZero(t, echo.Attrs["process.vpid"], "a container has its own pid namespace")
	assert.NotEqual(t, echo.Attrs["process.pid"], echo.Attrs["process.vpid"])

	shell := c.waitFor(t, "exit of the container's shell", func(r record) bool {
		return r.Event == "process.exit" && r.Resource["container.id"] == id && r.Attrs["process.exit.code"] == int64(4)
	})
	assert.Equal(t, podUID, shell.Resource["k8s.pod.uid"])
	assert.Equal(t, int64(1), shell.Attrs["process.vpid"], "the container's first process is its pid 1")
}

// Drift: an exec in a container of a file changed after the container
// started (copied in, chmod'ed) says so; the image's own files, and any
// file on the host, do not.
// TestPlainRuncContainerIsAContainer runs a container as `runc run <name>`
// does on a bare host: runc's default cgroup (/<name>), no orchestrator, a
// name rather than a 64-digit id. Its pid namespace makes it a container,
// named by its cgroup.
func TestPlainRuncContainerIsAContainer(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)
	name := "plain-" + m[len(m)-12:]

	require.Equal(t, 0, harness.RunInContainer(t, "", name, "/bin/sh", "-c", "/bin/echo "+m))

	echo := c.waitFor(t, "exec of echo in the plain container", isExecOf("busybox", m))
	assert.Equal(t, name, echo.Resource["container.id"])
	assert.NotContains(t, echo.Resource, "k8s.pod.uid")
	assert.NotContains(t, echo.Resource, "container.runtime.name", "no runtime layout names it")
	assert.Equal(t, "/"+name, echo.Attrs["process.linux.cgroup"])
}

func TestContainerDriftIsOnExecsOfFilesChangedInside(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)
	const podUID = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
	id := "d71f70" + m[len(m)-12:] + "0123456789abcdef0123456789abcdef0123456789abcd"
	require.Len(t, id, 64)
	busybox, err := osexec.LookPath("busybox")
	require.NoError(t, err)

	// A host process running a file written just now: never drift.
	hostCopy := filepath.Join(t.TempDir(), "true")
	data, err := os.ReadFile(busybox)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(hostCopy, data, 0o755))
	out, err := osexec.Command(hostCopy, m).CombinedOutput()
	require.NoError(t, err, string(out))

	// In the container: an image binary; a binary copied into /tmp and
	// run; an image binary chmod'ed and run; the image binary again. The
	// pause keeps the copy out of the clock tick the container started in.
	script := "/bin/true " + m + " && /bin/sleep 0.2 && " +
		"/bin/busybox cp /bin/busybox /tmp/true && /tmp/true " + m + " && " +
		"/bin/busybox chmod 700 /sbin/echo && /sbin/echo " + m + " && " +
		"/bin/echo " + m
	require.Equal(t, 0, harness.RunInContainer(t, podUID, id, "/bin/sh", "-c", script,
		harness.Writable{}, harness.WithFile("/sbin/echo", busybox)))

	inContainer := func(path string) func(record) bool {
		return func(r record) bool {
			return r.Event == "process.exec" && r.Resource["container.id"] == id &&
				r.Attrs["process.executable.path"] == path && argsContain(r.Attrs["process.command_args"], m)
		}
	}
	dropped := c.waitFor(t, "exec of the binary copied into /tmp", inContainer("/tmp/true"))
	assert.Equal(t, true, dropped.Attrs["vigil.process.exec.drift"])
	chmodded := c.waitFor(t, "exec of the chmod'ed image binary", inContainer("/sbin/echo"))
	assert.Equal(t, true, chmodded.Attrs["vigil.process.exec.drift"])
	c.waitFor(t, "the last exec, of the image's busybox", func(r record) bool {
		return inContainer("/bin/busybox")(r) && argsContain(r.Attrs["process.command_args"], "/bin/echo")
	})
	host := c.waitFor(t, "exec of the host copy", func(r record) bool {
		return r.Event == "process.exec" && r.Attrs["process.executable.path"] == realPath(t, hostCopy)
	})
	assert.NotContains(t, host.Attrs, "vigil.process.exec.drift", "host processes never drift")
	assert.NotContains(t, host.Resource, "container.id")

	// Exactly those two execs of the container have drift.
	var drifted, execs []string
	for _, r := range c.all() {
		if r.Event != "process.exec" || r.Resource["container.id"] != id {
			continue
		}
		path, _ := r.Attrs["process.executable.path"].(string)
		execs = append(execs, path)
		if v, ok := r.Attrs["vigil.process.exec.drift"]; ok {
			assert.Equal(t, true, v, "present only when true")
			drifted = append(drifted, path)
		}
	}
	assert.ElementsMatch(t, []string{"/tmp/true", "/sbin/echo"}, drifted, "execs in the container: %v", execs)
	assert.GreaterOrEqual(t, len(execs), 6, "sh, true, sleep, cp, the copy, chmod, echo, echo: %v", execs)
}

// TestFileAndExecVisibilityInAContainer runs what the host tests check in
// a runc container, where paths and pids are the container's: another
// process's environment (the container's pid 1), a directory made under
// its root, a #! script run by busybox sh, a program started through a
// link named httpd, and a link to its /etc/shadow.
func TestFileAndExecVisibilityInAContainer(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, func(cfg *Config) { cfg.Files.Enabled = true })
	m := marker(t)
	const podUID = "5b4e0d3f-9c2e-4f70-8b1d-3e6c9f2a1d4b"
	id := "d1ce" + m[len(m)-12:] + "0123456789abcdef0123456789abcdef0123456789abcdef"
	require.Len(t, id, 64)
	script := filepath.Join(t.TempDir(), "x.sh")
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\ntrue "+m+"\n"), 0o755))
	steps := "/bin/actions open /proc/1/environ r && /bin/actions mkdir /x-" + m + " 755 && /opt/x.sh && " +
		"/bin/busybox ln -s /bin/actions /tmp/httpd && /tmp/httpd open /etc/shadow r && /bin/busybox ln -s /etc/shadow /tmp/l; true"
	require.Equal(t, 0, harness.RunInContainer(t, podUID, id, "/bin/sh", "-c", steps, harness.Writable{},
		harness.WithFile("/bin/actions", actionsBinary(t)), harness.WithFile("/opt/x.sh", script),
		harness.WithContent("/etc/shadow", "root:*:19000:0:99999:7:::\n")))
	inContainer := func(event string, pred func(record) bool) func(record) bool {
		return func(r record) bool { return r.Event == event && r.Resource["container.id"] == id && pred(r) }
	}

	pid1 := c.waitFor(t, "the container's pid 1", inContainer("process.exec", func(r record) bool { return r.Attrs["process.vpid"] == int64(1) }))
	environ := c.waitFor(t, "the read of pid 1's environment", inContainer("file.open", func(r record) bool { return r.Attrs["file.path"] == "/proc/1/environ" }))
	assert.Equal(t, "credentials", environ.Attrs["vigil.file.watch_category"])
	assert.Equal(t, pidOf(pid1), environ.Attrs["vigil.target.process.pid"], "the container's pid 1, by its host pid")
	assert.Equal(t, false, environ.Attrs["vigil.target.process.self"])

	mkdir := c.waitFor(t, "the mkdir under the container's root", inContainer("file.mkdir", func(record) bool { return true }))
	assert.Equal(t, "/x-"+m, mkdir.Attrs["file.path"])
	assert.NotContains(t, mkdir.Attrs, "vigil.file.watch_category")

	run := c.waitFor(t, "the script's exec", inContainer("process.exec", func(r record) bool { return r.Attrs["vigil.process.exec.filename"] == "/opt/x.sh" }))
	assert.Equal(t, "/bin/busybox", run.Attrs["process.executable.path"])
	assert.Equal(t, "/opt/x.sh", run.Attrs["vigil.process.script.path"])
	assert.Equal(t, "x.sh", run.Attrs["vigil.process.name"])

	shadow := c.waitFor(t, "the read of /etc/shadow by httpd", inContainer("file.open", func(r record) bool { return r.Attrs["file.path"] == "/etc/shadow" }))
	assert.Equal(t, "httpd", shadow.Attrs["vigil.process.name"])
	assert.Equal(t, "/bin/actions", shadow.Attrs["process.executable.path"])
	link := c.waitFor(t, "the link to /etc/shadow", inContainer("file.link", func(r record) bool { return r.Attrs["file.path"] == "/tmp/l" }))
	assert.Equal(t, "credentials", link.Attrs["vigil.file.watch_category"])
	assert.Equal(t, "/etc/shadow", link.Attrs["file.symbolic_link.target_path"])
}

// TestDisksWebRootsAndHiddenFilesInAContainer checks the built-in
// block_devices, web_roots, hidden_temp and devices categories on the
// paths a privileged runc container sees: a node of a host disk made in
// its own /dev and read (never written; the device cgroup may refuse it),
// a script written into its own /var/www, a hidden file in its /tmp and a
// regular file in its /dev.
func TestDisksWebRootsAndHiddenFilesInAContainer(t *testing.T) {
	requireRoot(t)
	disk, dev := "", ""
	for _, name := range []string{"vda", "sda", "nvme0n1", "xvda", "loop0"} {
		if b, err := os.ReadFile(filepath.Join("/sys/class/block", name, "dev")); err == nil {
			disk, dev = name, strings.Replace(strings.TrimSpace(string(b)), ":", " ", 1)
			break
		}
	}
	if disk == "" {
		t.Skip("no block device on this host")
	}
	c := newCollector()
	startReceiver(t, c.sink, func(cfg *Config) { cfg.Files.Enabled = true })
	m := marker(t)
	id := "d15c" + m[len(m)-12:] + "0123456789abcdef0123456789abcdef0123456789abcdef"
	steps := "/bin/busybox mknod /dev/" + disk + " b " + dev + " && /bin/busybox dd if=/dev/" + disk + " of=/dev/null bs=512 count=1; " +
		"/bin/busybox mkdir -p /var/www/html && echo x > /var/www/html/" + m + ".php && echo x > /tmp/." + m +
		" && echo x > /dev/" + m + "; true"
	require.Equal(t, 0, harness.RunInContainer(t, "", id, "/bin/sh", "-c", steps, harness.Writable{}, harness.Privileged{}))
	inContainer := func(path string) func(record) bool {
		return func(r record) bool {
			return r.Event == "file.open" && r.Resource["container.id"] == id && r.Attrs["file.path"] == path
		}
	}
	for path, category := range map[string]string{
		"/dev/" + disk:                "block_devices",
		"/var/www/html/" + m + ".php": "web_roots",
		"/tmp/." + m:                  "hidden_temp",
		"/dev/" + m:                   "devices",
	} {
		r := c.waitFor(t, "the open of "+path, inContainer(path))
		assert.Equal(t, category, r.Attrs["vigil.file.watch_category"], path)
	}
}
