package ebpfreceiver

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runInContainer runs command in a real runc container whose cgroup is laid
// out as kubelet (cgroupfs driver) and containerd lay out a pod's container,
// /kubepods/besteffort/pod<uid>/<container id>, and returns its exit code.
func runInContainer(t *testing.T, podUID, id string, command string, args ...any) int {
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
	for _, a := range args {
		switch a := a.(type) {
		case string:
			argv = append(argv, a)
		case rootfsFile:
			require.NoError(t, os.MkdirAll(filepath.Join(rootfs, filepath.Dir(a.path)), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(rootfs, a.path), a.content, a.mode))
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

// rootfsFile is a file to place in the container's root file system.
type rootfsFile struct {
	path    string
	content []byte
	mode    os.FileMode
}

// withFile copies a host file into the container.
func withFile(path, from string) rootfsFile {
	data, err := os.ReadFile(from)
	if err != nil {
		panic(err)
	}
	return rootfsFile{path: path, content: data, mode: 0o755}
}

// withContent writes a file of the given content into the container.
func withContent(path, content string) rootfsFile {
	return rootfsFile{path: path, content: []byte(content), mode: 0o600}
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

func TestContainerExecCarriesContainerAndPod(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)
	const podUID = "4a3f9c2e-8b1d-4e6f-9a7c-2d5b8e1f0c3a"
	id := "c0ffee" + m[len(m)-12:] + "0123456789abcdef0123456789abcdef0123456789abcd"
	require.Len(t, id, 64)

	require.Equal(t, 4, runInContainer(t, podUID, id, "/bin/sh", "-c", "/bin/echo "+m+"; exit 4"))

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
