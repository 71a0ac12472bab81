package proctable

import (
	"path"
	"strings"
)

// commMax is how many bytes of a name the kernel keeps in comm
// (TASK_COMM_LEN, 16, less the NUL).
const commMax = 15

// ExecName is the name a process was started as: the last component of
// the path given to execve, which the kernel cuts its comm from (a symlink
// named httpd to another program makes a process called httpd). Without
// that path, the executable's name.
func ExecName(filename, exe string) string {
	if filename == "" {
		filename = exe
	}
	if filename == "" {
		return ""
	}
	return path.Base(filename)
}

// procName is the name of a process found in /proc: its comm, or the
// last component of argv[0] when comm is that name cut to 15 bytes. argv[0]
// alone is not trusted: programs rewrite it ("sshd: alice@pts/0", "-bash").
func procName(comm string, args []string) string {
	comm = strings.TrimSuffix(comm, "\n")
	if len(comm) == commMax && len(args) > 0 {
		if base := path.Base(args[0]); len(base) > commMax && strings.HasPrefix(base, comm) {
			return base
		}
	}
	return comm
}
