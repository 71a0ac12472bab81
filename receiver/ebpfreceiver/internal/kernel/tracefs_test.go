package kernel

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestEnsureTracefsMountsIt unmounts tracefs and checks that EnsureTracefs
// mounts it again. It runs itself again in a private mount namespace
// (unshare -m), so the host's tracefs, which other tests use meanwhile, is
// never touched.
func TestEnsureTracefsMountsIt(t *testing.T) {
	requireRoot(t)
	if os.Getenv("VIGIL_TRACEFS_CHILD") == "" {
		cmd := exec.Command("unshare", "--mount", "--propagation", "private", os.Args[0],
			"-test.run=^TestEnsureTracefsMountsIt$", "-test.v")
		cmd.Env = append(os.Environ(), "VIGIL_TRACEFS_CHILD=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		require.Contains(t, string(out), "--- PASS: TestEnsureTracefsMountsIt")
		return
	}
	// In the private namespace: take tracefs away wherever it is mounted.
	for _, dir := range []string{"/sys/kernel/debug/tracing", tracefsPath} {
		for unix.Unmount(dir, unix.MNT_DETACH) == nil {
		}
	}
	_, err := os.Stat(tracefsPath + "/events/syscalls")
	require.Error(t, err, "tracefs is gone")

	require.NoError(t, EnsureTracefs())
	_, err = os.Stat(tracefsPath + "/events/syscalls/sys_enter_openat/id")
	require.NoError(t, err, "mounted again, with the syscall tracepoints")
}
