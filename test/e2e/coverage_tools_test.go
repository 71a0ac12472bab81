package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The coverage behaviours' tools: temporary directories, and programs
// known by the name an attacker gives them.

// tmpDir is a new directory directly under /tmp (whatever TMPDIR says),
// removed at the end: droppers use /tmp itself.
func tmpDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/tmp", "vigil-e2e-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// openTempDir makes a temporary directory that other users can enter
// (0755, where t.TempDir is 0700): programs run as nobody live there.
func openTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "vigil-priv-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o755))
	return dir
}

// copyAs copies the executable from to path (mode 0755) and returns path:
// a program known by the name an attacker gives it.
func copyAs(t *testing.T, from, path string) string {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o755))
	return path
}

// namedTrue copies /usr/bin/true into a temporary directory under each
// name and returns that directory: harmless programs that the rules judge
// by their names and arguments.
func namedTrue(t *testing.T, names ...string) string {
	t.Helper()
	dir := openTempDir(t)
	for _, name := range names {
		copyAs(t, "/usr/bin/true", filepath.Join(dir, name))
	}
	return dir
}

// runAll runs each command line (space-separated, no quoting) on the host.
func runAll(t *testing.T, a *arena, dir string, lines ...string) {
	t.Helper()
	for _, line := range lines {
		f := strings.Fields(line)
		a.host(t, filepath.Join(dir, f[0]), f[1:]...)
	}
}

// sleeper starts a process that waits until the test ends, for behaviours
// that act on another process, and returns its pid.
func sleeper(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("sleep", "600")
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd.Process.Pid
}

// busyboxPath is the host's busybox, which the containers are made of.
func busyboxPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("busybox")
	require.NoError(t, err)
	return path
}
