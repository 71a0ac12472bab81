package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
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
		behaviour{
			name: "SSH private key in a temporary home read with cat",
			perform: func(t *testing.T, a *arena) string {
				key := writeSecret(t, filepath.Join(a.dir, "home-ssh", ".ssh", "id_ed25519"))
				a.host(t, "cat", key)
				return fmt.Sprintf(`event_name:="file.open" file.path:=%q process.executable.name:="cat"`, key)
			},
			expect: []expected{{"VGL-CRED-002", "T1552.004"}},
		},
		behaviour{
			name: "service-account token read with cat in the pod",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "busybox cat /var/run/secrets/kubernetes.io/serviceaccount/token",
					harness.WithContent("/var/run/secrets/kubernetes.io/serviceaccount/token", "eyJhbGciOiJSUzI1NiJ9.vigil-e2e.sig"))
			},
			expect: []expected{{"VGL-CRED-003", "T1528"}},
		},
		behaviour{
			name: "AWS credentials file in a temporary home read with cat",
			perform: func(t *testing.T, a *arena) string {
				creds := writeSecret(t, filepath.Join(a.dir, "home-aws", ".aws", "credentials"))
				a.host(t, "cat", creds)
				return fmt.Sprintf(`event_name:="file.open" file.path:=%q process.executable.name:="cat"`, creds)
			},
			expect: []expected{{"VGL-CRED-004", "T1552.001"}},
		},
		behaviour{
			name: "kubeconfig in a temporary home read with base64",
			perform: func(t *testing.T, a *arena) string {
				config := writeSecret(t, filepath.Join(a.dir, "home-kube", ".kube", "config"))
				a.host(t, "base64", config)
				return fmt.Sprintf(`event_name:="file.open" file.path:=%q process.executable.name:="base64"`, config)
			},
			expect: []expected{{"VGL-CRED-005", "T1552.001"}},
		},
		behaviour{
			name: "cluster CA key read in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-cred-pki", "busybox cat /etc/kubernetes/pki/ca.key",
					harness.WithContent("/etc/kubernetes/pki/ca.key", "-----BEGIN PRIVATE KEY-----\nvigil-e2e\n"))
			},
			expect: []expected{{"VGL-CRED-006", "T1552.004"}},
		},
		behaviour{
			name: "PAM configuration written in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-cred-pam",
					"busybox mkdir -p /etc/pam.d && echo 'auth sufficient pam_permit.so' > /etc/pam.d/sshd")
			},
			expect: []expected{{"VGL-CRED-007", "T1556.003"}},
		},
		behaviour{
			name: "sudoers.d rule written in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-cred-sudoers",
					"busybox mkdir -p /etc/sudoers.d && echo 'nobody ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/vigil")
			},
			expect: []expected{{"VGL-CRED-008", "T1548.003"}},
		},
		behaviour{
			name: "symbolic link to /etc/shadow in a temporary directory",
			perform: func(t *testing.T, a *arena) string {
				link := filepath.Join(a.dir, "shadow-link")
				a.host(t, "ln", "-s", "/etc/shadow", link)
				return fmt.Sprintf(`event_name:="file.link" file.path:=%q`, link)
			},
			expect: []expected{{"VGL-CRED-009", "T1003.008"}},
		},
		behaviour{
			name: "hard link to /etc/shadow in a temporary directory",
			perform: func(t *testing.T, a *arena) string {
				// Refused (EXDEV) when /tmp is another file system: the
				// attempt is reported all the same.
				link := filepath.Join(a.dir, "shadow-hardlink")
				a.hostMayFail(t, "ln", "/etc/shadow", link)
				return fmt.Sprintf(`event_name:="file.link" file.path:=%q`, link)
			},
			expect: []expected{{"VGL-CRED-009", "T1003.008"}},
		},
		behaviour{
			name: "/etc/shadow read through a ../ path",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, "sh", "-c", "cd /usr/share && cat ../../etc/shadow > /dev/null")
				return `event_name:="file.open" file.path:="/etc/shadow" process.executable.name:="cat" process.command_line:="cat ../../etc/shadow"`
			},
			expect: []expected{{"VGL-CRED-001", "T1003.008"}},
		},
		behaviour{
			name: "symbolic link to /etc in a temporary directory",
			perform: func(t *testing.T, a *arena) string {
				link := filepath.Join(a.dir, "etc-link")
				a.host(t, "ln", "-s", "/etc", link)
				return fmt.Sprintf(`event_name:="file.link" file.path:=%q`, link)
			},
			expect: []expected{{"VGL-CRED-009", "T1003.008"}},
		},
		behaviour{
			name: "environment of pid 1 read with cat",
			perform: func(t *testing.T, a *arena) string {
				// Refused (EACCES) where pid 1 is not readable even by root: the
				// attempt is what the rule reports.
				a.hostMayFail(t, "cat", "/proc/1/environ")
				return `event_name:="file.open" file.path:="/proc/1/environ" process.executable.name:="cat"`
			},
			expect: []expected{{"VGL-CRED-010", "T1552.001"}},
		},
		behaviour{
			name: "another user's SSH key probed as nobody",
			perform: func(t *testing.T, a *arena) string {
				// The temporary directory is root's (0700): nobody's open
				// is refused, as it would be in another user's home.
				key := writeSecret(t, filepath.Join(a.dir, "home-other", ".ssh", "id_rsa"))
				a.hostMayFail(t, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "cat", key)
				return fmt.Sprintf(`event_name:="file.open" file.path:=%q error.type:="EACCES"`, key)
			},
			expect: []expected{{"VGL-CRED-011", "T1552.004"}},
		},
		behaviour{
			name: "shell history in a temporary home searched with grep",
			perform: func(t *testing.T, a *arena) string {
				history := writeSecret(t, filepath.Join(a.dir, "home-history", ".bash_history"))
				a.hostMayFail(t, "grep", "-e", "secret", history)
				return fmt.Sprintf(`event_name:="file.open" file.path:=%q process.executable.name:="grep"`, history)
			},
			expect: []expected{{"VGL-CRED-012", "T1552.003"}},
		},
		behaviour{
			name: "memory of a sleeping process opened for reading through /proc by python",
			perform: func(t *testing.T, a *arena) string {
				mem := fmt.Sprintf("/proc/%d/mem", sleeper(t))
				a.host(t, "/usr/bin/python3", "-c", fmt.Sprintf("open(%q, 'rb').close()", mem))
				return fmt.Sprintf(`event_name:="file.open" file.path:=%q`, mem)
			},
			expect: []expected{{"VGL-CRED-013", "T1003.007"}},
		},
		behaviour{
			// Copies of true under the tools' names, with their argv:
			// nothing is spoofed; the rule judges the names.
			name: "arpspoof and bettercap run by copies of true on the host",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "arpspoof", "bettercap")
				runAll(t, a, dir, "arpspoof -i lo -t 127.0.0.2 127.0.0.1", "bettercap -iface lo -eval net.probe")
				return fmt.Sprintf(`process.executable.path:~%q`, "^"+dir+"/")
			},
			expect: []expected{{"VGL-CRED-014", "T1557"}},
		},
	)
}

// writeSecret writes a harmless stand-in for a credential file, its
// directories made, and returns its path.
func writeSecret(t *testing.T, path string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, []byte("vigil-e2e stand-in, not a secret\n"), 0o600))
	return path
}
