package ebpfreceiver

import (
	"encoding/json"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

var (
	actionsOnce sync.Once
	actionsPath string
	actionsErr  error
)

// actionsBinary builds testdata/actions once per test run: a static binary
// that performs one real kernel action per subcommand, usable on the host
// and inside a container.
func actionsBinary(t *testing.T) string {
	t.Helper()
	actionsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vigil-actions-")
		if err != nil {
			actionsErr = err
			return
		}
		actionsPath, actionsErr = harness.BuildActions(dir, "./testdata/actions")
	})
	require.NoError(t, actionsErr)
	return actionsPath
}

// runAction runs an action and returns the facts it printed. An action
// that reports an error fails the test.
func runAction(t *testing.T, args ...string) map[string]any {
	t.Helper()
	return runActionIn(t, "", args...)
}

// runActionIn runs an action in the working directory dir.
func runActionIn(t *testing.T, dir string, args ...string) map[string]any {
	t.Helper()
	return runActionAs(t, actionsBinary(t), dir, args...)
}

// runActionAs runs an action through program, a link to or copy of the
// actions binary (a process started under another name).
func runActionAs(t *testing.T, program, dir string, args ...string) map[string]any {
	t.Helper()
	cmd := exec.Command(program, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	var stderr []byte
	if ee, ok := err.(*exec.ExitError); ok {
		stderr = ee.Stderr
	}
	require.NoError(t, err, "actions %v: %s", args, stderr)
	var facts map[string]any
	require.NoError(t, json.Unmarshal(out, &facts), "actions %v printed %q", args, out)
	require.Nil(t, facts["error"], "actions %v", args)
	return facts
}

// factInt reads a numeric fact.
func factInt(facts map[string]any, key string) int64 {
	return int64(facts[key].(float64))
}
