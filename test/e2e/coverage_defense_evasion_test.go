package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

// Defense evasion: docs/coverage.md's rows of TA0005 (and the file-based
// privilege escalations defense_evasion.yaml groups). Logs are watched by
// name anywhere, so a temporary directory stands in for /var/log.
func init() {
	register(
		behaviour{
			name: "auth.log emptied and removed in a temporary directory",
			perform: func(t *testing.T, a *arena) string {
				dir := filepath.Join(a.dir, "logs")
				require.NoError(t, os.MkdirAll(dir, 0o700))
				log := filepath.Join(dir, "auth.log")
				require.NoError(t, os.WriteFile(log, []byte("Dec  2 13:00:00 host sshd[1]: Accepted password\n"), 0o640))
				a.shell(t, fmt.Sprintf(": > %s && rm %s", log, log))
				return fmt.Sprintf(`file.path:=%q`, log)
			},
			expect: []expected{{"VGL-EVADE-001", "T1070.002"}},
		},
		behaviour{
			name: "bash history removed and linked to /dev/null in a temporary home",
			perform: func(t *testing.T, a *arena) string {
				history := filepath.Join(a.dir, "home-history", ".bash_history")
				require.NoError(t, os.MkdirAll(filepath.Dir(history), 0o700))
				require.NoError(t, os.WriteFile(history, []byte("cat /etc/shadow\n"), 0o600))
				a.shell(t, fmt.Sprintf("rm %s && ln -s /dev/null %s", history, history))
				return fmt.Sprintf(`file.path:=%q`, history)
			},
			expect: []expected{{"VGL-EVADE-002", "T1070.003"}},
		},
		behaviour{
			name: "release_agent written in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// A file of that name in the container's own /tmp: the
				// kernel hook is matched by name, no cgroup is touched.
				return a.inRunc(t, "vigil-evade-release-agent", "echo /tmp/x > /tmp/release_agent")
			},
			expect: []expected{{"VGL-EVADE-004", "T1611"}},
		},
		behaviour{
			name: "shadow made world-readable and passwd world-writable in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-evade-chmod", "busybox chmod 644 /etc/shadow && busybox chmod 777 /etc/passwd",
					harness.WithContent("/etc/shadow", "root:*:20000:0:99999:7:::\n"),
					harness.WithContent("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"))
			},
			expect: []expected{{"VGL-EVADE-005", "T1222.002"}},
		},
		behaviour{
			name: "hidden directory made in /usr/bin in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-evade-bindir", "busybox mkdir -p /usr/bin/.vigil-e2e")
			},
			expect: []expected{{"VGL-EVADE-006", "T1036.005"}},
		},
	)
}
