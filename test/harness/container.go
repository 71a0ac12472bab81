package harness

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// RunInContainer runs command in a real runc container whose cgroup is laid
// out as kubelet (cgroupfs driver) and containerd lay out a pod's container,
// /kubepods/besteffort/pod<uid>/<container id>, and returns its exit code.
// args are the command's arguments (strings), files to place in the
// container (RootfsFile) and Writable.
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
	writable := false
	for _, a := range args {
		switch a := a.(type) {
		case string:
			argv = append(argv, a)
		case RootfsFile:
			require.NoError(t, os.MkdirAll(filepath.Join(rootfs, filepath.Dir(a.path)), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(rootfs, a.path), a.content, a.mode))
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
	spec["linux"].(map[string]any)["cgroupsPath"] = "/kubepods/besteffort/pod" + podUID + "/" + id
	if writable {
		spec["root"].(map[string]any)["readonly"] = false
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
