package proctable

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScriptPath(t *testing.T) {
	for _, tt := range []struct {
		exe, filename, argv string // argv: arguments separated by "|"
		want                string
	}{
		// Shells started on a script, with and without options.
		{"/usr/bin/dash", "/bin/sh", "sh|/dev/shm/x.sh", "/dev/shm/x.sh"},
		{"/usr/bin/bash", "/bin/bash", "bash|-x|script.sh|arg", "/work/script.sh"},
		{"/usr/bin/bash", "/bin/bash", "bash|-eo|pipefail|./run.sh", "/work/run.sh"},
		{"/usr/bin/bash", "/bin/bash", "bash|-o|errexit|+O|extglob|run.sh", "/work/run.sh"},
		{"/usr/bin/bash", "/bin/bash", "bash|--norc|--rcfile|/etc/rc|../up.sh", "/up.sh"},
		{"/usr/bin/bash", "/bin/bash", "bash|--|-weird.sh", "/work/-weird.sh"},
		{"/usr/bin/dash", "/bin/sh", "sh|-|x.sh", "/work/x.sh"},
		{"/usr/bin/zsh", "/usr/bin/zsh", "zsh|-f|/tmp/a.zsh", "/tmp/a.zsh"},
		{"/usr/bin/ksh93", "/bin/ksh", "ksh|/tmp/./k.sh", "/tmp/k.sh"},
		// Shells running no file.
		{"/usr/bin/dash", "/bin/sh", "sh|-c|curl x | sh", ""},
		{"/usr/bin/bash", "/bin/bash", "bash|-ec|echo hi", ""},
		{"/usr/bin/bash", "/bin/bash", "bash|-lc|echo hi|name", ""},
		{"/usr/bin/bash", "/bin/bash", "bash|-s|arg", ""},
		{"/usr/bin/bash", "/bin/bash", "-bash", ""},
		{"/usr/bin/bash", "/bin/bash", "bash|-i", ""},
		{"/usr/bin/dash", "/bin/sh", "sh|-", ""},
		// busybox applets: through a symlink, or named in argv.
		{"/bin/busybox", "/bin/sh", "sh|/dev/shm/x.sh", "/dev/shm/x.sh"},
		{"/bin/busybox", "/bin/busybox", "busybox|sh|-c|id", ""},
		{"/bin/busybox", "/bin/busybox", "busybox|ash|/tmp/y", "/tmp/y"},
		{"/bin/busybox", "/bin/ls", "ls|/tmp", ""},
		{"/bin/busybox", "/bin/busybox", "busybox", ""},
		// Python.
		{"/usr/bin/python3.12", "/usr/bin/python3", "python3|-u|/tmp/x.py|--flag", "/tmp/x.py"},
		{"/usr/bin/python3.12", "/usr/bin/python3", "python3|-W|ignore|-X|dev|x.py", "/work/x.py"},
		{"/usr/bin/python3.12", "/usr/bin/python3", "python3|-Wignore|-Bi|x.py", "/work/x.py"},
		{"/usr/bin/python3.12", "/usr/bin/python3", "python3|--check-hash-based-pycs|always|x.py", "/work/x.py"},
		{"/usr/bin/python3.12", "/usr/bin/python3", "python3|-m|http.server", ""},
		{"/usr/bin/python3.12", "/usr/bin/python3", "python3|-c|import os", ""},
		{"/usr/bin/python3.12", "/usr/bin/python3", "python3|-Ic|import os", ""},
		{"/usr/bin/python3.12", "/usr/bin/python3", "python3|-|arg", ""},
		{"/usr/bin/python3.12", "/usr/bin/python3", "python3", ""},
		{"/usr/bin/python2.7", "/usr/bin/python", "python|x.py", "/work/x.py"},
		// Perl, Ruby, Node, PHP.
		{"/usr/bin/perl", "/usr/bin/perl", "perl|-w|/tmp/p.pl", "/tmp/p.pl"},
		{"/usr/bin/perl", "/usr/bin/perl", "perl|-I|lib|-MData::Dumper|p.pl", "/work/p.pl"},
		{"/usr/bin/perl", "/usr/bin/perl", "perl|-e|print 1", ""},
		{"/usr/bin/perl", "/usr/bin/perl", "perl|-lane|print|file", ""},
		{"/usr/bin/perl", "/usr/bin/perl", "perl|-pi|-e|s/a/b/|file", ""},
		{"/usr/bin/perl", "/usr/bin/perl", "perl|-l012|-n|p.pl", "/work/p.pl"},
		{"/usr/bin/perl5.36.0", "/usr/bin/perl", "perl|-0777|p.pl", "/work/p.pl"},
		{"/usr/bin/ruby3.1", "/usr/bin/ruby", "ruby|-r|json|r.rb", "/work/r.rb"},
		{"/usr/bin/ruby3.1", "/usr/bin/ruby", "ruby|-ne|puts $_", ""},
		{"/usr/bin/ruby3.1", "/usr/bin/ruby", "ruby|--disable|gems|r.rb", "/work/r.rb"},
		{"/usr/bin/node", "/usr/bin/node", "node|/srv/app.js", "/srv/app.js"},
		{"/usr/bin/node", "/usr/bin/node", "node|--max-old-space-size=512|-r|dotenv/config|app.js", "/work/app.js"},
		{"/usr/bin/node", "/usr/bin/node", "node|-e|require('child_process')", ""},
		{"/usr/bin/node", "/usr/bin/node", "node|--eval=1", ""},
		{"/usr/bin/node", "/usr/bin/node", "node|-pe|1", ""},
		{"/usr/bin/php8.2", "/usr/bin/php", "php|-d|x=1|/var/www/s.php", "/var/www/s.php"},
		{"/usr/bin/php8.2", "/usr/bin/php", "php|-f|s.php|--|a", "/work/s.php"},
		{"/usr/bin/php8.2", "/usr/bin/php", "php|-r|system('id');", ""},
		{"/usr/bin/php8.2", "/usr/bin/php", "php|-S|0.0.0.0:80", ""},
		// "#!" execs: the interpreter from the script's first line, maybe
		// its argument, then the path given to execve.
		{"/usr/bin/dash", "/dev/shm/x.sh", "/bin/sh|/dev/shm/x.sh", "/dev/shm/x.sh"},
		{"/usr/bin/dash", "./x.sh", "/bin/sh|-e|./x.sh|a", "/work/x.sh"},
		{"/usr/bin/env", "/dev/shm/x.py", "/usr/bin/env|python3|/dev/shm/x.py", "/dev/shm/x.py"},
		{"/bin/busybox", "/x.py", "/usr/bin/env|python3|/x.py", "/x.py"},
		{"/usr/bin/awk", "/opt/t.awk", "/usr/bin/awk|-f|/opt/t.awk", "/opt/t.awk"},
		{"/usr/bin/awk", "/opt/t.awk", "/usr/bin/awk|-f|/opt/t.awk|/opt/t.awk", "/opt/t.awk"},
		// Not interpreters, and not "#!" execs.
		{"/usr/bin/ls", "/bin/ls", "ls|-l|/tmp", ""},
		{"/usr/bin/cp", "/bin/cp", "cp|/bin/cp|/tmp", ""},
		{"/usr/bin/cp", "/usr/local/bin/cp", "/usr/local/bin/cp|-a|/usr/local/bin/cp|/tmp", ""},
		{"/usr/bin/tool", "/opt/x/run", "/opt/x/run|/opt/x/run", ""},
		{"/usr/bin/event-generator", "/tmp/g/httpd", "/tmp/g/httpd|run", ""},
	} {
		args := strings.Split(tt.argv, "|")
		assert.Equal(t, tt.want, ScriptPath(tt.exe, tt.filename, "/work", args), "%s %q", tt.exe, args)
	}
	assert.Equal(t, "x.sh", ScriptPath("/usr/bin/dash", "/bin/sh", "", []string{"sh", "x.sh"}), "no working directory: as given")
	assert.Equal(t, "", ScriptPath("/usr/bin/dash", "/bin/sh", "/", nil))
}

func TestExecName(t *testing.T) {
	assert.Equal(t, "httpd", ExecName("/tmp/falco-event-generator123/httpd", "/usr/bin/event-generator"))
	assert.Equal(t, "x.sh", ExecName("./x.sh", "/usr/bin/dash"))
	assert.Equal(t, "a-very-long-server-name", ExecName("a-very-long-server-name", "/opt/srv"))
	assert.Equal(t, "dash", ExecName("", "/usr/bin/dash"), "no path given: the executable's")
	assert.Equal(t, "", ExecName("", ""))
}

func TestProcName(t *testing.T) {
	assert.Equal(t, "bash", procName("bash\n", []string{"-bash"}), "a login shell's argv[0]")
	assert.Equal(t, "sshd", procName("sshd\n", []string{"sshd: alice@pts/0"}))
	assert.Equal(t, "kube-controller-manager", procName("kube-controller\n", []string{"/usr/local/bin/kube-controller-manager", "--v=2"}),
		"comm is cut to 15 bytes; argv[0] starting with it is the whole name")
	assert.Equal(t, "kube-controller", procName("kube-controller\n", []string{"other"}))
	assert.Equal(t, "httpd", procName("httpd\n", []string{"/usr/bin/event-generator"}), "comm wins over another argv[0]")
	assert.Equal(t, "x", procName("x\n", nil))
}
