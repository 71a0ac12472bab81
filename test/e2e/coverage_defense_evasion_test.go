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
			// The sleep's executable is refused (ETXTBSY) while it runs: the
			// attempt is what the rule reports.
			name: "a running program's executable opened for writing through /proc/<pid>/exe in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-evade-exe", "busybox sleep 30 & /actions open /proc/$!/exe w; kill $!; true") +
					` file.path:~"^/proc/[0-9]+/exe$"`
			},
			expect: []expected{{"VGL-EVADE-004", "T1611"}},
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
		behaviour{
			name: "security agents stopped with programs named systemctl, service and pkill on the host",
			perform: func(t *testing.T, a *arena) string {
				// Copies of true named like the tools: the rule judges the
				// name and the arguments, and nothing is stopped.
				dir := namedTrue(t, "systemctl", "service", "pkill")
				a.host(t, filepath.Join(dir, "systemctl"), "stop", "falco-modern-bpf.service")
				a.host(t, filepath.Join(dir, "service"), "falcon-sensor", "stop")
				a.host(t, filepath.Join(dir, "pkill"), "-9", "tetragon")
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:~%q`, "^"+dir+"/")
			},
			expect: []expected{{"VGL-EVADE-007", "T1562.001"}},
		},
		behaviour{
			name: "SELinux and AppArmor turned off with programs named setenforce, aa-teardown and apparmor_parser on the host",
			perform: func(t *testing.T, a *arena) string {
				// Copies of true: no policy of this machine changes.
				dir := namedTrue(t, "setenforce", "aa-teardown", "apparmor_parser")
				a.host(t, filepath.Join(dir, "setenforce"), "0")
				a.host(t, filepath.Join(dir, "aa-teardown"))
				a.host(t, filepath.Join(dir, "apparmor_parser"), "-R", "/etc/apparmor.d/usr.sbin.tcpdump")
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:~%q`, "^"+dir+"/")
			},
			expect: []expected{{"VGL-EVADE-008", "T1562.001"}},
		},
		behaviour{
			name: "SELinux set permissive in /etc/selinux/config in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-evade-selinux", "busybox sed -i s/^SELINUX=enforcing/SELINUX=permissive/ /etc/selinux/config",
					harness.WithContent("/etc/selinux/config", "SELINUX=enforcing\nSELINUXTYPE=targeted\n")) +
					` event_name:="file.rename" file.path:="/etc/selinux/config"`
			},
			expect: []expected{{"VGL-EVADE-008", "T1562.001"}},
		},
		behaviour{
			name: "audit rules deleted and auditing disabled with a program named auditctl on the host",
			perform: func(t *testing.T, a *arena) string {
				// A copy of true named auditctl: the real audit rules stay.
				dir := namedTrue(t, "auditctl", "systemctl")
				a.host(t, filepath.Join(dir, "auditctl"), "-D")
				a.host(t, filepath.Join(dir, "auditctl"), "-e", "0")
				a.host(t, filepath.Join(dir, "systemctl"), "stop", "auditd")
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:~%q`, "^"+dir+"/")
			},
			expect: []expected{{"VGL-EVADE-009", "T1562.012"}},
		},
		behaviour{
			name: "firewall flushed and disabled with programs named iptables, nft and ufw on the host",
			perform: func(t *testing.T, a *arena) string {
				// Copies of true: the machine's firewall is not touched.
				dir := namedTrue(t, "iptables", "ip6tables", "nft", "ufw")
				a.host(t, filepath.Join(dir, "iptables"), "-F")
				a.host(t, filepath.Join(dir, "ip6tables"), "-P", "INPUT", "ACCEPT")
				a.host(t, filepath.Join(dir, "nft"), "flush", "ruleset")
				a.host(t, filepath.Join(dir, "ufw"), "disable")
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:~%q`, "^"+dir+"/")
			},
			expect: []expected{{"VGL-EVADE-010", "T1562.004"}},
		},
		behaviour{
			name: "syslog, journald and audit configuration changed in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-evade-logcfg",
					`echo "*.* ~" >> /etc/rsyslog.conf && busybox sed -i s/auth/none/ /etc/rsyslog.d/50-default.conf && `+
						`echo Storage=none >> /etc/systemd/journald.conf && busybox rm /etc/audit/rules.d/audit.rules`,
					harness.WithContent("/etc/rsyslog.conf", "*.* /var/log/syslog\n"),
					harness.WithContent("/etc/rsyslog.d/50-default.conf", "auth,authpriv.* /var/log/auth.log\n"),
					harness.WithContent("/etc/systemd/journald.conf", "[Journal]\n"),
					harness.WithContent("/etc/audit/rules.d/audit.rules", "-w /etc/shadow -p wa -k shadow\n")) +
					` file.path:~"^/etc/(rsyslog|systemd/journald|audit/)"`
			},
			expect: []expected{{"VGL-EVADE-011", "T1562.006"}},
		},
		behaviour{
			name: "file back-dated with touch -d and touch -r in a temporary directory",
			perform: func(t *testing.T, a *arena) string {
				file := filepath.Join(a.dir, "evade-timestomp")
				require.NoError(t, os.WriteFile(file, []byte("dropped\n"), 0o644))
				a.host(t, "touch", "-d", "2020-01-01 00:00", file)
				a.host(t, "touch", "-r", "/etc/hostname", file)
				return fmt.Sprintf(`event_name:="process.exec" process.command_line:~%q`, file)
			},
			expect: []expected{{"VGL-EVADE-012", "T1070.006"}},
		},
		behaviour{
			name: "base64 payload decoded and piped into sh on the host",
			perform: func(t *testing.T, a *arena) string {
				// The payload is "true vigil-e2e-decode".
				a.shell(t, "echo dHJ1ZSB2aWdpbC1lMmUtZGVjb2Rl | base64 -d | sh")
				return `event_name:="process.exec" process.command_line:~"dHJ1ZSB2aWdpbC1lMmUtZGVjb2Rl \\| base64 -d \\| sh"`
			},
			expect: []expected{{"VGL-EVADE-013", "T1140"}},
		},
		behaviour{
			name: "base64 decoded in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-evade-decode", "echo dHJ1ZQ== | busybox base64 -d > /tmp/decoded") +
					` event_name:="process.exec" process.command_line:="busybox base64 -d"`
			},
			expect: []expected{{"VGL-EVADE-014", "T1140"}},
		},
		behaviour{
			name: "program run through the dynamic loader on the host",
			perform: func(t *testing.T, a *arena) string {
				loader, err := filepath.EvalSymlinks("/lib64/ld-linux-x86-64.so.2")
				require.NoError(t, err, "this test needs an x86-64 glibc loader")
				program := copyAs(t, "/usr/bin/true", filepath.Join(a.dir, "evade-loaded"))
				a.host(t, loader, program)
				return fmt.Sprintf(`event_name:="process.exec" process.command_line:~%q`, program)
			},
			expect: []expected{{"VGL-EVADE-015", "T1218"}},
		},
		behaviour{
			name: "hidden file and directory made in /tmp in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-evade-hidden-tmp", "echo x > /tmp/.vigil-e2e && busybox mkdir /tmp/.vigil-e2e-d")
			},
			expect: []expected{{"VGL-EVADE-016", "T1564.001"}},
		},
		behaviour{
			name: "regular file written in /dev in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// The container's own /dev (a tmpfs runc makes).
				return a.inRunc(t, "vigil-evade-dev-file", "echo x > /dev/vigil-e2e")
			},
			expect: []expected{{"VGL-EVADE-017", "T1564"}},
		},
	)
}
