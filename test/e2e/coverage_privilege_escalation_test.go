package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

// Privilege escalation: docs/coverage.md's rows of TA0004.
func init() {
	register(
		behaviour{
			name: "effective uid dropped then root taken back with setresuid on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "regain-root", "65534")
				return `event_name:="process.setresuid" vigil.setid.before.effective:=65534 vigil.setid.after.effective:=0`
			},
			expect: []expected{{"VGL-PRIV-001", "T1548.001"}},
		},
		behaviour{
			name: "setuid(0) refused to nobody on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "setuid-as", "65534", "0")
				return `event_name:="process.setuid" vigil.setid.before.effective:=65534 error.type:="EPERM"`
			},
			expect: []expected{{"VGL-PRIV-007", "T1068"}},
		},
		behaviour{
			name: "CAP_SYS_ADMIN dropped and raised again with capset on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "capset-raise")
				return `event_name:="process.capset" vigil.capabilities.gained:"CAP_SYS_ADMIN"`
			},
			expect: []expected{{"VGL-PRIV-002", "T1548"}},
		},
		behaviour{
			name: "mount namespace of pid 1 joined from the pod's container",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "/actions setns-targets 1 vigil-setns-marker") + ` event_name:="kernel.setns" vigil.namespace.type:="CLONE_NEWNS"`
			},
			expect: []expected{{"VGL-PRIV-003", "T1611"}},
		},
		behaviour{
			name: "mount and pid namespaces of the host joined with nsenter and through pid 1's pidfd on the host",
			perform: func(t *testing.T, a *arena) string {
				// pid 1 of this machine refuses even root its /proc/1/ns
				// files: nsenter targets another process of the host's
				// namespaces, and the actions program pid 1's pidfd (a
				// refused setns is reported too).
				target := exec.Command("sleep", "60")
				require.NoError(t, target.Start())
				defer func() { _ = target.Process.Kill(); _ = target.Wait() }()
				a.host(t, "nsenter", "-t", strconv.Itoa(target.Process.Pid), "-m", "-p", "--", "true")
				a.host(t, a.actions, "setns-pidfd", "1")
				return `event_name:="kernel.setns" vigil.namespace.target.host:="true" ` +
					`(process.executable.name:="nsenter" or process.executable.name:="actions")`
			},
			expect: []expected{{"VGL-PRIV-008", "T1611"}},
		},
		behaviour{
			name: "unshare -U in the pod's container",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "busybox unshare -U true") + ` event_name:="kernel.unshare"`
			},
			expect: []expected{{"VGL-PRIV-004", "T1611"}},
		},
		behaviour{
			name: "mount -t proc in the privileged pod's container",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "busybox mkdir -p /tmp/hostproc && busybox mount -t proc proc /tmp/hostproc; busybox umount /tmp/hostproc")
			},
			expect: []expected{{"VGL-PRIV-005", "T1611"}, {"VGL-PRIV-012", "T1611"}},
		},
		behaviour{
			name: "chroot in the pod's container",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "busybox mkdir -p /tmp/newroot && /actions chroot /tmp/newroot") + ` event_name:="kernel.chroot"`
			},
			expect: []expected{{"VGL-PRIV-006", "T1611"}},
		},
		behaviour{
			name: "sudo -u#-1 by a program named sudo on the host",
			perform: func(t *testing.T, a *arena) string {
				sudo := copyAs(t, "/usr/bin/true", filepath.Join(a.dir, "sudo"))
				a.host(t, sudo, "-u#-1", "id")
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:=%q`, sudo)
			},
			expect: []expected{{"VGL-PRIV-009", "T1548.003"}},
		},
		behaviour{
			name: "sudoedit -s with a trailing backslash by a program named sudoedit on the host",
			perform: func(t *testing.T, a *arena) string {
				sudoedit := copyAs(t, "/usr/bin/true", filepath.Join(a.dir, "sudoedit"))
				a.host(t, sudoedit, "-s", `\`)
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:=%q`, sudoedit)
			},
			expect: []expected{{"VGL-PRIV-009", "T1548.003"}},
		},
		behaviour{
			name: "a program named pkexec executed with an empty argument list on the host",
			perform: func(t *testing.T, a *arena) string {
				pkexec := copyAs(t, "/usr/bin/true", filepath.Join(a.dir, "pkexec"))
				a.host(t, a.actions, "exec-noargs", pkexec)
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:=%q`, pkexec)
			},
			expect: []expected{{"VGL-PRIV-010", "T1068"}},
		},
		behaviour{
			name: "a program named debugfs run in the privileged pod's container",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "busybox cp /bin/busybox /tmp/debugfs && /tmp/debugfs -w /dev/vigil-none") +
					` event_name:="process.exec" process.executable.name:="debugfs"`
			},
			expect: []expected{{"VGL-PRIV-012", "T1611"}},
		},
		behaviour{
			name: "release_agent of a new cgroup v1 hierarchy written in the privileged pod's container",
			perform: func(t *testing.T, a *arena) string {
				// A named hierarchy of its own, without controllers: the
				// host's hierarchies are left alone.
				return a.inPod(t, "busybox mkdir -p /tmp/cg && busybox mount -t cgroup -o none,name=vigil_e2e cgroup /tmp/cg && "+
					"echo /bin/true > /tmp/cg/release_agent; busybox umount /tmp/cg")
			},
			expect: []expected{{"VGL-EVADE-004", "T1611"}, {"VGL-PRIV-005", "T1611"}},
		},
		behaviour{
			name: "interactive shell as nobody on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, "script", "-qec", "setpriv --reuid=65534 --regid=65534 --clear-groups /bin/sh -c 'exit 0' vigil-nobody-shell", "/dev/null")
				return `event_name:="process.exec" process.user.id:=65534 process.command_line:"vigil-nobody-shell"`
			},
			expect: []expected{{"VGL-PRIV-011", "T1078.003"}},
		},
		behaviour{
			name: "userfaultfd as nobody on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "userfaultfd", "65534", "user-mode-only,cloexec")
				return `event_name:="memory.userfaultfd" vigil.syscall.user.id:=65534`
			},
			expect: []expected{{"VGL-PRIV-013", "T1068"}},
		},
		behaviour{
			name: "a set-user-ID root copy of id run as nobody on the host",
			perform: func(t *testing.T, a *arena) string {
				id := copyAs(t, "/usr/bin/id", filepath.Join(openTempDir(t), "id"))
				require.NoError(t, os.Chmod(id, os.ModeSetuid|0o755))
				a.host(t, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", id)
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:=%q`, id)
			},
			expect: []expected{{"VGL-PRIV-014", "T1548.001"}},
		},
		behaviour{
			name: "a copy of id given cap_net_raw with setcap run as nobody on the host",
			perform: func(t *testing.T, a *arena) string {
				id := copyAs(t, "/usr/bin/id", filepath.Join(openTempDir(t), "id"))
				a.host(t, "setcap", "cap_net_raw+ep", id)
				a.host(t, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", id)
				return fmt.Sprintf(`event_name:="process.exec" process.executable.path:=%q`, id)
			},
			expect: []expected{{"VGL-PRIV-015", "T1548"}},
		},
		behaviour{
			name: "privileged and host-mounting containers asked of programs named docker, podman, nerdctl, ctr and kubectl on the host",
			perform: func(t *testing.T, a *arena) string {
				// The rules judge the client's argv: the clients are copies of
				// true, so no container starts.
				dir := openTempDir(t)
				run := func(tool string, args ...string) {
					a.host(t, copyAs(t, "/usr/bin/true", filepath.Join(dir, tool)), args...)
				}
				run("docker", "run", "--rm", "--name", "vigil-priv-cli", "--privileged", "alpine", "sh")
				run("podman", "run", "--rm", "--name", "vigil-priv-cli", "--cap-add=SYS_ADMIN", "--security-opt", "apparmor=unconfined", "alpine", "sh")
				run("nerdctl", "run", "--rm", "--name", "vigil-priv-cli", "--pid=host", "-v", "/:/host", "alpine", "chroot", "/host")
				run("ctr", "run", "--privileged", "--rm", "docker.io/library/alpine:latest", "vigil-priv-cli", "sh")
				run("docker", "run", "--rm", "--name", "vigil-priv-cli", "-v", "/var/run/docker.sock:/var/run/docker.sock", "docker:cli", "ps")
				run("kubectl", "run", "vigil-priv-cli", "--image=alpine", "--restart=Never", "--overrides",
					`{"spec":{"hostPID":true,"containers":[{"name":"vigil-priv-cli","image":"alpine","securityContext":{"privileged":true}}]}}`)
				run("kubectl", "debug", "node/worker-1", "-it", "--image=busybox", "--container=vigil-priv-cli")
				return `event_name:="process.exec" process.command_line:"vigil-priv-cli"`
			},
			expect: []expected{{"VGL-PRIV-016", "T1610"}, {"VGL-PRIV-017", "T1611"}},
		},
		behaviour{
			name: "privileged and host-mounting containers asked of programs named docker and kubectl in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// docker and kubectl are copies of the actions program, which
				// prints its usage and exits: the rules judge the argv.
				return a.inRunc(t, "vigil-priv-cli",
					"/usr/bin/docker run --rm --name vigil-priv-cli --privileged --cap-add ALL -v /:/host alpine sh; "+
						"/usr/bin/kubectl debug node/worker-1 -it --image=busybox --container=vigil-priv-cli; true",
					harness.WithFile("/usr/bin/docker", a.actions), harness.WithFile("/usr/bin/kubectl", a.actions)) +
					` event_name:="process.exec" process.command_line:"vigil-priv-cli"`
			},
			expect: []expected{{"VGL-PRIV-016", "T1610"}, {"VGL-PRIV-017", "T1611"}},
		},
		behaviour{
			name: "host disk read from a privileged runc container",
			perform: func(t *testing.T, a *arena) string {
				// The node of a disk of this host, made in the container's
				// own /dev under the host's name and read (never written):
				// 512 bytes to /dev/null, or a refusal by the device cgroup.
				disk, dev := hostBlockDevice(t)
				return a.inRunc(t, "vigil-priv-disk", fmt.Sprintf(
					"busybox mknod /dev/%s b %s && busybox dd if=/dev/%s of=/dev/null bs=512 count=1; true", disk, dev, disk),
					harness.Privileged{})
			},
			expect: []expected{{"VGL-PRIV-020", "T1611"}},
		},
	)
}

// hostBlockDevice names a block device of this host and its "major minor"
// numbers: a disk when there is one, else a loop device.
func hostBlockDevice(t *testing.T) (string, string) {
	t.Helper()
	for _, name := range []string{"vda", "sda", "nvme0n1", "xvda", "loop0"} {
		if dev, err := os.ReadFile(filepath.Join("/sys/class/block", name, "dev")); err == nil {
			return name, strings.Replace(strings.TrimSpace(string(dev)), ":", " ", 1)
		}
	}
	t.Fatal("no block device on this host")
	return "", ""
}
