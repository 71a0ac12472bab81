package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

// Persistence: docs/coverage.md's rows of TA0003. What changes the host's
// boot, login or schedule is done in runc containers (their /etc is the
// container's own); what the rules watch by name anywhere (shell startup
// files, authorized_keys) is done in a temporary home on the host.
func init() {
	register(
		behaviour{
			name: "cron job written to /etc/cron.d in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-cron",
					"busybox mkdir -p /etc/cron.d && echo '* * * * * root /tmp/x' > /etc/cron.d/vigil-e2e")
			},
			expect: []expected{{"VGL-PERS-001", "T1053.003"}},
		},
		behaviour{
			name: "crontab installed from a file in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// busybox crontab writes the table into the spool,
				// /var/spool/cron/crontabs/root.
				return a.inRunc(t, "vigil-pers-crontab",
					"busybox mkdir -p /var/spool/cron/crontabs && echo '@reboot /tmp/x' > /tmp/job && busybox crontab /tmp/job",
					harness.WithContent("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"))
			},
			expect: []expected{{"VGL-PERS-001", "T1053.003"}},
		},
		behaviour{
			// at is not installed here: a copy of true named at is given the
			// job as at would be; the rule judges the name and argv.
			name: "job queued with a program named at on the host",
			perform: func(t *testing.T, a *arena) string {
				at := filepath.Join(tmpDir(t), "at")
				a.host(t, "cp", "/usr/bin/true", at)
				a.shell(t, fmt.Sprintf("echo id | %s now + 1 minute", at))
				return fmt.Sprintf(`process.executable.path:=%q`, at)
			},
			expect: []expected{{"VGL-PERS-030", "T1053.002"}},
		},
		behaviour{
			name: "job file written into at's spool in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-at",
					"busybox mkdir -p /var/spool/cron/atjobs && echo id > /var/spool/cron/atjobs/a0001401b4c8a1")
			},
			expect: []expected{{"VGL-PERS-030", "T1053.002"}},
		},
		behaviour{
			name: "systemd unit written to /etc/systemd/system in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-unit",
					"busybox mkdir -p /etc/systemd/system && printf '[Service]\\nExecStart=/tmp/x\\n' > /etc/systemd/system/vigil-e2e.service")
			},
			expect: []expected{{"VGL-PERS-002", "T1543.002"}},
		},
		behaviour{
			name: "systemd timer written to /etc/systemd/system in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-e2e-timer", "mkdir -p /etc/systemd/system && "+
					"printf '[Timer]\\nOnCalendar=minutely\\n' > /etc/systemd/system/vigil-e2e.timer")
			},
			expect: []expected{{"VGL-PERS-015", "T1053.006"}},
		},
		behaviour{
			name: "systemctl enable run in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// A systemctl that is busybox under that name: the exec is
				// what the rule reads; the container has no systemd to reach.
				return a.inRunc(t, "vigil-pers-systemctl", "systemctl enable vigil-e2e.service; true",
					harness.WithFile("/bin/systemctl", busyboxPath(t)))
			},
			expect: []expected{{"VGL-PERS-011", "T1543.002"}},
		},
		behaviour{
			name: "rc.local and an init.d script written in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-rc",
					"busybox mkdir -p /etc/init.d && echo '/tmp/x &' > /etc/rc.local && echo '/tmp/x' > /etc/init.d/vigil-e2e")
			},
			expect: []expected{{"VGL-PERS-003", "T1037.004"}},
		},
		behaviour{
			name: "ld.so.preload written in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// The container's own /etc, and busybox is static: nothing
				// loads the (missing) library named.
				return a.inRunc(t, "vigil-pers-preload", "echo /tmp/vigil-e2e.so > /etc/ld.so.preload",
					harness.WithContent("/etc/hostname", "vigil\n"))
			},
			expect: []expected{{"VGL-PERS-004", "T1574.006"}},
		},
		behaviour{
			name: "ld.so.conf.d file written in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-ldconf",
					"busybox mkdir -p /etc/ld.so.conf.d && echo /tmp/lib > /etc/ld.so.conf.d/00-vigil.conf")
			},
			expect: []expected{{"VGL-PERS-005", "T1574.006"}},
		},
		behaviour{
			name: "command appended to .bashrc in a temporary home",
			perform: func(t *testing.T, a *arena) string {
				rc := filepath.Join(a.dir, "home-rc", ".bashrc")
				require.NoError(t, os.MkdirAll(filepath.Dir(rc), 0o700))
				a.shell(t, fmt.Sprintf("echo 'true # vigil-e2e' >> %s", rc))
				return fmt.Sprintf(`event_name:="file.open" file.path:=%q`, rc)
			},
			expect: []expected{{"VGL-PERS-006", "T1546.004"}},
		},
		behaviour{
			name: "key appended to authorized_keys in a temporary home",
			perform: func(t *testing.T, a *arena) string {
				keys := filepath.Join(a.dir, "home-keys", ".ssh", "authorized_keys")
				require.NoError(t, os.MkdirAll(filepath.Dir(keys), 0o700))
				a.shell(t, fmt.Sprintf("echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHZpZ2lsLWUyZQ vigil-e2e' >> %s", keys))
				return fmt.Sprintf(`event_name:="file.open" file.path:=%q`, keys)
			},
			expect: []expected{{"VGL-PERS-007", "T1098.004"}},
		},
		behaviour{
			name: "uid 0 line appended to /etc/passwd in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-passwd", "echo 'vigil:x:0:0::/root:/bin/sh' >> /etc/passwd",
					harness.WithContent("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"))
			},
			expect: []expected{{"VGL-PERS-008", "T1136.001"}},
		},
		behaviour{
			name: "shared library copied into /usr/lib in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-lib",
					"busybox mkdir -p /usr/lib && busybox cp /bin/busybox /usr/lib/libvigil-e2e.so.1")
			},
			expect: []expected{{"VGL-PERS-016", "T1554"}},
		},
		behaviour{
			name: "boot loader configuration written in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-boot",
					"busybox mkdir -p /boot/grub && echo 'set timeout=0' > /boot/grub/custom.cfg")
			},
			expect: []expected{{"VGL-PERS-017", "T1542"}},
		},
		behaviour{
			name: "maintainer script written into /var/lib/dpkg/info in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-dpkg",
					"busybox mkdir -p /var/lib/dpkg/info && printf '#!/bin/sh\\nid\\n' > /var/lib/dpkg/info/openssl.postinst")
			},
			expect: []expected{{"VGL-PERS-018", "T1546.016"}},
		},
		behaviour{
			name: "apt source list added in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-apt",
					"busybox mkdir -p /etc/apt/sources.list.d && echo 'deb http://127.0.0.1/ vigil main' > /etc/apt/sources.list.d/vigil-e2e.list")
			},
			expect: []expected{{"VGL-PERS-019", "T1546.016"}},
		},
		behaviour{
			name: "program copied into /usr/local/bin in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-bin",
					"busybox mkdir -p /usr/local/bin && busybox cp /bin/busybox /usr/local/bin/sshd")
			},
			expect: []expected{{"VGL-PERS-009", "T1554"}},
		},
		behaviour{
			name: "login message script written in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-motd",
					"busybox mkdir -p /etc/update-motd.d && echo '/tmp/x' > /etc/update-motd.d/99-vigil")
			},
			expect: []expected{{"VGL-PERS-010", "T1037"}},
		},
		behaviour{
			name: "useradd and usermod on a temporary account database",
			perform: func(t *testing.T, a *arena) string {
				// --prefix: the tools read and write <prefix>/etc/passwd…,
				// so the host's accounts stay as they are.
				prefix := filepath.Join(a.dir, "accounts")
				require.NoError(t, os.MkdirAll(filepath.Join(prefix, "etc"), 0o755))
				for name, content := range map[string]string{
					"passwd":  "root:x:0:0:root:/root:/bin/sh\n",
					"group":   "root:x:0:\nsudo:x:27:\n",
					"shadow":  "root:*:20000:0:99999:7:::\n",
					"gshadow": "root:*::\nsudo:*::\n",
				} {
					require.NoError(t, os.WriteFile(filepath.Join(prefix, "etc", name), []byte(content), 0o600))
				}
				a.host(t, "useradd", "--prefix", prefix, "-M", "vigil-e2e")
				a.host(t, "usermod", "--prefix", prefix, "-aG", "sudo", "vigil-e2e")
				return fmt.Sprintf(`event_name:="process.exec" process.command_line:~%q`, prefix)
			},
			expect: []expected{{"VGL-PERS-012", "T1136.001"}, {"VGL-PERS-013", "T1098"}},
		},
		behaviour{
			name: "udev rule dropped in /etc in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-etc",
					`busybox mkdir -p /etc/udev/rules.d && echo 'ACTION=="add", RUN+="/tmp/x"' > /etc/udev/rules.d/99-vigil.rules`)
			},
			expect: []expected{{"VGL-PERS-014", "T1546"}},
		},
		behaviour{
			name: "PHP script written into a web root by a program named httpd in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// A shell script named httpd stands in for a web server that
				// saves an upload: the rule judges the writer's name, the
				// web root and the extension. The container's own /var/www.
				return a.inRunc(t, "vigil-pers-webshell-server",
					"busybox mkdir -p /var/www/html && busybox chmod 755 /tmp/httpd && /tmp/httpd",
					harness.WithContent("/tmp/httpd", "#!/bin/sh\necho '<?php echo 1; ?>' > /var/www/html/upload.php\n"))
			},
			expect: []expected{{"VGL-PERS-020", "T1505.003"}},
		},
		behaviour{
			name: "PHP web shell echoed into a web root by a shell in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-pers-webshell-shell",
					`busybox mkdir -p /var/www/html && echo '<?php system($_GET["c"]); ?>' > /var/www/html/s.php`)
			},
			expect: []expected{{"VGL-PERS-021", "T1505.003"}},
		},
	)
}
