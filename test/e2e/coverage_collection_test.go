package e2e

import (
	"fmt"
	"path/filepath"
	"testing"
)

// Collection: docs/coverage.md's rows of TA0009.
func init() {
	register(
		behaviour{
			name: "tar of /etc into a temporary directory",
			perform: func(t *testing.T, a *arena) string {
				archive := filepath.Join(tmpDir(t), "etc.tgz")
				a.hostMayFail(t, "tar", "-czf", archive, "/etc") // exits 1 when a file changes as it is read
				return fmt.Sprintf(`process.command_line:~%q`, archive)
			},
			expect: []expected{{"VGL-COLL-003", "T1560.001"}},
		},
		behaviour{
			name: "find for id_rsa keys under /home",
			perform: func(t *testing.T, a *arena) string {
				a.hostMayFail(t, "find", "/home", "-name", "id_rsa")
				return `process.command_line:="find /home -name id_rsa"`
			},
			expect: []expected{{"VGL-COLL-001", "T1005"}},
		},
		behaviour{
			name: "find for AWS credentials files under /home",
			perform: func(t *testing.T, a *arena) string {
				a.hostMayFail(t, "find", "/home", "-path", "*/.aws/credentials")
				return `process.command_line:="find /home -path */.aws/credentials"`
			},
			expect: []expected{{"VGL-COLL-001", "T1005"}},
		},
		behaviour{
			name: "grep -r for passwords in /etc",
			perform: func(t *testing.T, a *arena) string {
				a.hostMayFail(t, "grep", "-rIl", "password", "/etc")
				return `process.command_line:="grep -rIl password /etc"`
			},
			expect: []expected{{"VGL-COLL-002", "T1005"}},
		},
	)
}
