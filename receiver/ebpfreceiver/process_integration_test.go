package ebpfreceiver

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// realPath resolves symlinks, as the kernel reports executables (/bin/sh → /usr/bin/dash).
func realPath(t *testing.T, p string) string {
	r, err := filepath.EvalSymlinks(p)
	require.NoError(t, err)
	return r
}

func TestExecRecordCarriesArgvParentAndCwd(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)
	dir := realPath(t, t.TempDir())

	// The trailing `true` keeps the shell from exec'ing echo in place.
	sh := exec.Command("/bin/sh", "-c", fmt.Sprintf("/bin/echo %s 'two words' >/dev/null; true", m))
	sh.Dir = dir
	require.NoError(t, sh.Run())

	echo := c.waitFor(t, "exec of echo", isExecOf("echo", m))
	assert.Equal(t, []any{"/bin/echo", m, "two words"}, echo.Attrs["process.command_args"])
	assert.Equal(t, "/bin/echo "+m+" two words", echo.Attrs["process.command_line"])
	assert.Equal(t, int64(3), echo.Attrs["process.args_count"])
	assert.Equal(t, realPath(t, "/bin/echo"), echo.Attrs["process.executable.path"])
	assert.Equal(t, "echo", echo.Attrs["process.executable.name"])
	assert.Equal(t, int64(sh.Process.Pid), echo.Attrs["process.parent_pid"])
	assert.Equal(t, realPath(t, "/bin/sh"), echo.Attrs["vigil.process.parent.executable.path"])
	assert.Equal(t, "/bin/sh -c /bin/echo "+m+" 'two words' >/dev/null; true", echo.Attrs["vigil.process.parent.command_line"])
	assert.Equal(t, dir, echo.Attrs["process.working_directory"])
	assert.Equal(t, int64(os.Geteuid()), echo.Attrs["process.user.id"])
	assert.Equal(t, false, echo.Attrs["process.interactive"])
	assert.NotEmpty(t, echo.Attrs["vigil.process.exec_id"])
	assert.Contains(t, echo.Body, "exec /bin/echo "+m)

	// The parent's own exec record links to the child by exec id.
	parent := c.waitFor(t, "exec of the shell", func(r record) bool {
		return r.Event == "process.exec" && pidOf(r) == int64(sh.Process.Pid)
	})
	assert.Equal(t, parent.Attrs["vigil.process.exec_id"], echo.Attrs["vigil.process.parent.exec_id"])
	assert.NotEqual(t, parent.Attrs["vigil.process.exec_id"], echo.Attrs["vigil.process.exec_id"])
	assert.Equal(t, "linux", echo.Resource["os.type"])
	assert.NotContains(t, echo.Resource, "container.id", "a host process has no container")
}

func TestExitRecordCarriesCodeAndSignal(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)

	sh := exec.Command("/bin/sh", "-c", "exit 7", m)
	require.Error(t, sh.Run())
	exited := c.waitFor(t, "exit of sh", func(r record) bool {
		return r.Event == "process.exit" && pidOf(r) == int64(sh.Process.Pid)
	})
	assert.Equal(t, int64(7), exited.Attrs["process.exit.code"])
	assert.NotContains(t, exited.Attrs, "vigil.process.exit.signal")
	assert.Equal(t, realPath(t, "/bin/sh"), exited.Attrs["process.executable.path"])
	assert.Equal(t, "/bin/sh -c exit 7 "+m, exited.Attrs["process.command_line"])
	assert.Greater(t, exited.Attrs["vigil.process.lifetime"], 0.0)

	victim, _ := waiting(t, m)
	c.waitFor(t, "exec of the waiting shell", isExecOf(shellName(t), m))
	require.NoError(t, victim.Process.Kill())
	killed := c.waitFor(t, "exit of the killed shell", func(r record) bool {
		return r.Event == "process.exit" && pidOf(r) == int64(victim.Process.Pid)
	})
	assert.Equal(t, int64(9), killed.Attrs["vigil.process.exit.signal"])
	assert.Equal(t, int64(137), killed.Attrs["process.exit.code"])
	assert.Contains(t, killed.Body, "killed by SIGKILL")
}

func TestUserIDsAfterSetprivAndSu(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)

	setpriv := exec.Command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/echo", m+"-setpriv")
	out, err := setpriv.CombinedOutput()
	require.NoError(t, err, string(out))
	r := c.waitFor(t, "exec after setpriv", isExecOf("echo", m+"-setpriv"))
	for _, key := range []string{"process.user.id", "process.real_user.id", "process.saved_user.id", "vigil.process.group.id", "vigil.process.real_group.id"} {
		assert.Equal(t, int64(65534), r.Attrs[key], key)
	}
	assert.Equal(t, []any{}, r.Attrs["vigil.process.capabilities.effective"], "an unprivileged uid holds no capabilities")

	su := exec.Command("su", "-s", "/bin/sh", "nobody", "-c", "/bin/echo "+m+"-su; true")
	out, err = su.CombinedOutput()
	require.NoError(t, err, string(out))
	r = c.waitFor(t, "exec after su", isExecOf("echo", m+"-su"))
	assert.Equal(t, int64(65534), r.Attrs["process.user.id"])
	assert.Equal(t, int64(65534), r.Attrs["process.real_user.id"])
	assert.Equal(t, realPath(t, "/bin/sh"), r.Attrs["vigil.process.parent.executable.path"])
}

func TestAncestryOfAShellChain(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, func(cfg *Config) { cfg.Process.AncestryDepth = 4 })
	m := marker(t)

	script := fmt.Sprintf(`/bin/sh -c '/bin/sh -c "/bin/echo %s; true"; true'; true`, m)
	outer := exec.Command("/bin/sh", "-c", script)
	require.NoError(t, outer.Run())

	echo := c.waitFor(t, "exec of echo", isExecOf("echo", m))
	middle := c.waitFor(t, "exec of the middle shell", func(r record) bool {
		return r.Event == "process.exec" && r.Attrs["process.parent_pid"] == int64(outer.Process.Pid)
	})
	inner := c.waitFor(t, "exec of the inner shell", func(r record) bool {
		return r.Event == "process.exec" && r.Attrs["process.parent_pid"] == pidOf(middle)
	})
	self, _ := os.Executable()
	shell := realPath(t, "/bin/sh")
	assert.Equal(t, []any{pidOf(inner), pidOf(middle), int64(outer.Process.Pid), int64(os.Getpid())}, echo.Attrs["vigil.process.ancestors.pid"])
	assert.Equal(t, []any{shell, shell, shell, realPath(t, self)}, echo.Attrs["vigil.process.ancestors.executable.path"])
	assert.Equal(t, pidOf(inner), echo.Attrs["process.parent_pid"])
}

func TestProcessRunningBeforeStartIsResolvedFromProc(t *testing.T) {
	requireRoot(t)
	m := marker(t)
	dir := realPath(t, t.TempDir())
	before := exec.Command("/bin/sh", "-c", "read line; exit 3", m)
	before.Dir = dir
	stdin, err := before.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, before.Start())
	t.Cleanup(func() { _ = before.Wait() })

	c := newCollector()
	startReceiver(t, c.sink, nil)
	time.Sleep(200 * time.Millisecond) // let the start-up scan finish
	require.NoError(t, stdin.Close())

	exited := c.waitFor(t, "exit of the pre-existing shell", func(r record) bool {
		return r.Event == "process.exit" && pidOf(r) == int64(before.Process.Pid)
	})
	assert.Equal(t, realPath(t, "/bin/sh"), exited.Attrs["process.executable.path"])
	assert.Equal(t, "/bin/sh -c read line; exit 3 "+m, exited.Attrs["process.command_line"])
	assert.Equal(t, int64(os.Getpid()), exited.Attrs["process.parent_pid"])
	self, _ := os.Executable()
	assert.Equal(t, realPath(t, self), exited.Attrs["vigil.process.parent.executable.path"])
	assert.NotEmpty(t, exited.Attrs["vigil.process.exec_id"])
	assert.NotContains(t, exited.Attrs, "vigil.process.context_incomplete")
	assert.Equal(t, int64(3), exited.Attrs["process.exit.code"])
}

func TestSecretsAreRedactedBeforeRecordsLeave(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)
	require.NoError(t, exec.Command("/bin/echo", m, "--password=hunter2", "AWS_SECRET_ACCESS_KEY=abc123def").Run())

	r := c.waitFor(t, "exec of echo", isExecOf("echo", m))
	assert.Equal(t, []any{"/bin/echo", m, "--password=****", "AWS_SECRET_ACCESS_KEY=****"}, r.Attrs["process.command_args"])
	for _, rec := range c.all() {
		assert.NotContains(t, fmt.Sprint(rec.Attrs, rec.Body), "hunter2")
	}
}

func TestLongArgvIsCappedAndMarked(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)
	long := strings.Repeat("x", 6000)
	require.NoError(t, exec.Command("/bin/echo", m, long).Run())

	r := c.waitFor(t, "exec of echo", isExecOf("echo", m))
	assert.Equal(t, true, r.Attrs["vigil.process.command_line.truncated"])
	args := r.Attrs["process.command_args"].([]any)
	require.Len(t, args, 3)
	// argv is captured up to 4096 bytes including its NUL separators.
	assert.Equal(t, 4096-len("/bin/echo")-1-len(m)-1, len(args[2].(string)))
}
