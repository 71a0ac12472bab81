package harness

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// RunInContainer runs command in a real runc container whose cgroup is laid
// out as kubelet (cgroupfs driver) and containerd lay out a pod's container,
// /kubepods/besteffort/pod<uid>/<container id>, and returns its exit code.
// With no pod uid, the cgroup is runc's own default, /<id>, as a plain
// `runc run <id>` makes it. args are the command's arguments (strings),
// files to place in the container (RootfsFile), Writable and Privileged.
func RunInContainer(t *testing.T, podUID, id string, command string, args ...any) int {
	t.Helper()
	runc, err := exec.LookPath("runc")
	require.NoError(t, err, "runc not found: `make deps` installs it")
	busybox, err := exec.LookPath("busybox")
	require.NoError(t, err, "busybox not found: `make deps` installs busybox-static")

	bundle := t.TempDir()
	rootfs := filepath.Join(bundle, "rootfs")
	require.NoError(t, os.MkdirAll(filepath.Join(rootfs, "bin"), 0o755))
	data, err := os.ReadFile(busybox)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(rootfs, "bin", "busybox"), data, 0o755))
	for _, applet := range []string{"sh", "echo", "true", "sleep"} {
		require.NoError(t, os.Symlink("busybox", filepath.Join(rootfs, "bin", applet)))
	}
	var argv []string
	writable, privileged := false, false
	for _, a := range args {
		switch a := a.(type) {
		case string:
			argv = append(argv, a)
		case RootfsFile:
			require.NoError(t, os.MkdirAll(filepath.Join(rootfs, filepath.Dir(a.path)), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(rootfs, a.path), a.content, a.mode))
		case Privileged:
			privileged = true
		case Writable:
			writable = true
			require.NoError(t, os.Mkdir(filepath.Join(rootfs, "tmp"), 0o755))
			require.NoError(t, os.Chmod(filepath.Join(rootfs, "tmp"), 0o1777))
		default:
			t.Fatalf("RunInContainer: unsupported argument %T", a)
		}
	}

	out, err := exec.Command(runc, "spec", "--bundle", bundle).CombinedOutput()
	require.NoError(t, err, string(out))
	specPath := filepath.Join(bundle, "config.json")
	var spec map[string]any
	raw, err := os.ReadFile(specPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &spec))
	process := spec["process"].(map[string]any)
	process["terminal"] = false
	process["args"] = append([]string{command}, argv...)
	linux := spec["linux"].(map[string]any)
	linux["cgroupsPath"] = "/" + id
	if podUID != "" {
		linux["cgroupsPath"] = "/kubepods/besteffort/pod" + podUID + "/" + id
	}
	if writable {
		spec["root"].(map[string]any)["readonly"] = false
	}
	if privileged {
		// What --privileged gives: every capability, no masked or
		// read-only kernel paths.
		caps := allCapabilities()
		process["capabilities"] = map[string]any{"bounding": caps, "effective": caps, "permitted": caps}
		delete(linux, "maskedPaths")
		delete(linux, "readonlyPaths")
	}
	raw, err = json.Marshal(spec)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(specPath, raw, 0o644))

	state := t.TempDir()
	cmd := exec.Command(runc, "--root", state, "run", "--bundle", bundle, id)
	t.Cleanup(func() {
		_ = exec.Command(runc, "--root", state, "delete", "--force", id).Run()
		removeCgroupDirs(podUID)
	})
	out, err = cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	require.NoError(t, err, "runc run: %s", out)
	return 0
}

// RootfsFile is a file to place in the container's root file system.
type RootfsFile struct {
	path    string
	content []byte
	mode    os.FileMode
}

// Writable makes the container's root file system writable, as an image's
// overlay is, with a /tmp (mode 1777); by default it is read-only.
type Writable struct{}

// Privileged runs the container with every capability the host allows
// and without masked kernel paths, as a privileged pod's.
type Privileged struct{}

// allCapabilities are the capabilities this test process holds itself, by
// name: runc refuses to grant one the host denies (CAP_SYS_RESOURCE on
// some machines).
func allCapabilities() []string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		panic(err)
	}
	var bnd uint64
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "CapBnd:"); ok {
			bnd, _ = strconv.ParseUint(strings.TrimSpace(v), 16, 64)
		}
	}
	var out []string
	for i, name := range capabilityNames {
		if bnd&(1<<i) != 0 {
			out = append(out, name)
		}
	}
	return out
}

// capabilityNames are Linux's capabilities in number order.
var capabilityNames = []string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
	"CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
	"CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
	"CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
	"CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
}

// WithFile copies a host file into the container.
func WithFile(path, from string) RootfsFile {
	data, err := os.ReadFile(from)
	if err != nil {
		panic(err)
	}
	return RootfsFile{path: path, content: data, mode: 0o755}
}

// WithContent writes a file of the given content into the container.
func WithContent(path, content string) RootfsFile {
	return RootfsFile{path: path, content: []byte(content), mode: 0o600}
}

// removeCgroupDirs removes the pod-level cgroups runc leaves behind.
func removeCgroupDirs(podUID string) {
	if podUID == "" {
		return // runc removes its own /<id>
	}
	roots, _ := filepath.Glob("/sys/fs/cgroup/*/kubepods/besteffort/pod" + podUID)
	if unified, err := filepath.Glob("/sys/fs/cgroup/kubepods/besteffort/pod" + podUID); err == nil {
		roots = append(roots, unified...)
	}
	for _, dir := range roots {
		_ = os.Remove(dir)
		_ = os.Remove(filepath.Dir(dir))
		_ = os.Remove(filepath.Dir(filepath.Dir(dir)))
	}
}
