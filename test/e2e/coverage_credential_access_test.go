package e2e

import (
	"fmt"
	"path/filepath"
	"testing"
)

// Credential access: docs/coverage.md's rows of TA0006.
func init() {
	register(
		behaviour{
			name: "cat /etc/shadow on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, "cat", "/etc/shadow")
				return `event_name:="file.open" file.path:="/etc/shadow" process.executable.name:="cat"`
			},
			expect: []expected{{"VGL-CRED-001", "T1003.008"}},
		},
		behaviour{
			name: "chmod u+s on a file in /tmp",
			perform: func(t *testing.T, a *arena) string {
				file := filepath.Join(a.dir, "suid-me")
				a.shell(t, fmt.Sprintf("cp /usr/bin/true %s && chmod u+s %s", file, file))
				return fmt.Sprintf(`event_name:="file.chmod" file.path:=%q`, file)
			},
			expect: []expected{{"VGL-EVADE-003", "T1548.001"}},
		},
	)
}
