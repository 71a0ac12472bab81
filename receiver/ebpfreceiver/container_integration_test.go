package ebpfreceiver

import (
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
