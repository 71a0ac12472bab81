package e2e

import (
	"fmt"
	"path/filepath"
	"testing"
)

// Discovery: docs/coverage.md's rows of TA0007.
func init() {
	register(
		behaviour{
			name: "ip addr and /proc/net/tcp in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-disc-netconf", "busybox ip addr; busybox cat /proc/net/tcp") + ` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-DISC-001", "T1016"}},
		},
		behaviour{
			name: "nc -z over a port range in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-disc-ncsweep", "busybox nc -z -w 1 127.0.0.1 40001-40010") + ` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-DISC-002", "T1046"}},
		},
		behaviour{
			name: "uname -a in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-disc-uname", "busybox uname -a") + ` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-DISC-003", "T1082"}},
		},
		behaviour{
			name: "whoami by a shell named nginx on the host",
			perform: func(t *testing.T, a *arena) string {
				nginx := copyAs(t, "/usr/bin/dash", filepath.Join(a.dir, "nginx"))
				a.host(t, nginx, "-c", "whoami; true")
				return fmt.Sprintf(`event_name:="process.exec" vigil.process.parent.executable.path:=%q`, nginx)
			},
			expect: []expected{{"VGL-DISC-004", "T1033"}},
		},
		behaviour{
			name: "packet socket opened by a program on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "sockets")
				return fmt.Sprintf(`event_name:="network.socket" vigil.socket.family:="AF_PACKET" process.executable.path:=%q`, a.actions)
			},
			expect: []expected{{"VGL-DISC-005", "T1040"}},
		},
		behaviour{
			name: "packet socket opened in the pod's container",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "/actions sockets") + ` event_name:="network.socket" vigil.socket.family:="AF_PACKET"`
			},
			expect: []expected{{"VGL-DISC-005", "T1040"}},
		},
		behaviour{
			name: "reconnaissance burst in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-disc-recon", "busybox uname -a; busybox cat /proc/version; busybox cat /etc/os-release; "+
					"busybox ip addr; busybox ip route; busybox cat /etc/resolv.conf; busybox cat /proc/net/tcp; busybox id") +
					` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-DISC-006", "T1082"}},
		},
		behaviour{
			name: "port scan by one nc per port in the pod's container",
			perform: func(t *testing.T, a *arena) string {
				// The container's network namespace has only lo, down until
				// the privileged container brings it up.
				return a.inPod(t, "busybox ip link set lo up; for p in $(busybox seq 40101 40130); do busybox nc 127.0.0.1 $p </dev/null; done") +
					` event_name:="network.connect" network.peer.port:>=40101 network.peer.port:<=40130`
			},
			expect: []expected{{"VGL-DISC-007", "T1046"}},
		},
		behaviour{
			name: "port scan by one bash per port on the host",
			perform: func(t *testing.T, a *arena) string {
				a.shell(t, "for p in $(seq 40201 40230); do bash -c \"echo > /dev/tcp/127.0.0.1/$p\" 2>/dev/null; done; true")
				return `event_name:="network.connect" network.peer.port:>=40201 network.peer.port:<=40230`
			},
			expect: []expected{{"VGL-DISC-008", "T1046"}},
		},
		behaviour{
			// Real searches on the host: ps piped to grep, pgrep, pidof and
			// systemctl status of agents that are not installed here.
			name: "security agents searched with ps piped to grep, pgrep, pidof and systemctl status on the host",
			perform: func(t *testing.T, a *arena) string {
				a.shell(t, "ps aux | grep -e falco -e osqueryd -e tetragon >/dev/null; pgrep -l falcon-sensor; pidof auditd tracee; "+
					"systemctl status falco-sensor --no-pager >/dev/null 2>&1; true")
				return `event_name:="process.exec" process.command_line:="grep -e falco -e osqueryd -e tetragon"`
			},
			expect: []expected{{"VGL-DISC-009", "T1518.001"}},
		},
		behaviour{
			name: "security agents searched with ps piped to grep and pidof in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-disc-secsw", "busybox ps | busybox grep -e falco -e sysdig; busybox pidof tracee; true") +
					` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-DISC-009", "T1518.001"}},
		},
		behaviour{
			name: "/etc/login.defs and the PAM password stack read with cat, and chage -l, on the host",
			perform: func(t *testing.T, a *arena) string {
				a.shell(t, "cat /etc/login.defs >/dev/null; cat /etc/pam.d/common-password >/dev/null 2>&1; chage -l root >/dev/null 2>&1; true")
				return `event_name:="process.exec" process.command_line:="cat /etc/login.defs"`
			},
			expect: []expected{{"VGL-DISC-010", "T1201"}},
		},
		behaviour{
			// Copies of /usr/bin/true named showmount, smbclient and smbmap:
			// the rule judges the name and the argv, and nothing is asked of
			// any server.
			name: "showmount -e, smbclient -L and smbmap run by programs of those names on the host",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "showmount", "smbclient", "smbmap")
				runAll(t, a, dir, "showmount -e 127.0.0.1", "smbclient -L //127.0.0.1 -N", "smbmap -H 127.0.0.1")
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:~%q`, "^"+dir+"/")
			},
			expect: []expected{{"VGL-DISC-011", "T1135"}},
		},
		behaviour{
			name: "Docker socket queried with curl --unix-socket, docker -H and nc -U in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// No runtime socket exists in the container: the requests
				// fail, and the rule judges what the exec records show (the
				// tool and its argv). curl and docker are busybox copies of
				// those names, which busybox refuses to run as applets.
				return a.inRunc(t, "vigil-disc-sockapi", "cp /bin/busybox /tmp/curl; cp /bin/busybox /tmp/docker; "+
					"/tmp/curl --unix-socket /var/run/docker.sock http://localhost/containers/json; "+
					"/tmp/docker -H unix:///var/run/docker.sock ps; busybox nc -U /var/run/docker.sock </dev/null; true") +
					` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-DISC-012", "T1552.007"}},
		},
		behaviour{
			name: "kubelet API /pods requested with curl on loopback port 10250 on the host",
			perform: func(t *testing.T, a *arena) string {
				// Nothing listens on loopback port 10250 here: refused.
				a.hostMayFail(t, "sh", "-c", "curl -sk --max-time 2 https://127.0.0.1:10250/pods")
				return `event_name:="process.exec" process.command_line:="curl -sk --max-time 2 https://127.0.0.1:10250/pods"`
			},
			expect: []expected{{"VGL-DISC-012", "T1552.007"}},
		},
		behaviour{
			name: "Kubernetes API requested with wget and the service-account token in the pod's container",
			perform: func(t *testing.T, a *arena) string {
				// The container's network namespace has only lo, down: the
				// requests fail before leaving it (nothing is resolved or
				// reached; $KUBERNETES_SERVICE_HOST is set to loopback).
				return a.inPod(t, "export KUBERNETES_SERVICE_HOST=127.0.0.1; "+
					"busybox wget -q -T 1 https://kubernetes.default.svc/api/v1/namespaces/default/secrets; "+
					"sh -c 'busybox wget -q -T 1 --header \"Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token 2>/dev/null)\" https://$KUBERNETES_SERVICE_HOST:443/api/v1/pods'; true") +
					` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-DISC-013", "T1613"}},
		},
		behaviour{
			name: "accounts, groups and services listed in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// systemctl is a busybox copy of that name (no init system
				// runs in the container): the rule judges the name and argv.
				return a.inRunc(t, "vigil-disc-accounts", "busybox cat /etc/passwd; busybox cat /etc/group; busybox groups; "+
					"cp /bin/busybox /tmp/systemctl; /tmp/systemctl list-units --type=service; busybox ls /etc/init.d; true") +
					` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-DISC-014", "T1087.001"}, {"VGL-DISC-015", "T1069.001"}, {"VGL-DISC-016", "T1007"}},
		},
	)
}
