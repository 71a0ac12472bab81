package bench

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// execStorm forks and execs /bin/true (storm/storm.c).
func execStorm(t *testing.T) storm {
	bin := filepath.Join(t.TempDir(), "storm")
	out, err := exec.Command("cc", "-O2", "-o", bin, "storm/storm.c").CombinedOutput()
	require.NoError(t, err, string(out))
	return storm{
		name: "exec",
		run: func(t *testing.T, marker string) (int, int) {
			cmd := exec.Command(bin, strconv.Itoa(stormSeconds), marker)
			out, err := cmd.Output()
			require.NoError(t, err)
			n, err := strconv.Atoi(strings.TrimSpace(string(out)))
			require.NoError(t, err)
			return n, cmd.Process.Pid
		},
		bpftrace: `tracepoint:sched:sched_process_exec { printf("exec %d %s\n", pid, str(args->filename)); }
tracepoint:sched:sched_process_exit { printf("exit %d\n", pid); }`,
		event: "process.exec",
		counts: func(lr plog.LogRecord, _ int, marker string) bool {
			return attrStr(lr, "process.executable.name") == "true" && strings.Contains(attrStr(lr, "process.command_line"), marker)
		},
	}
}

// connectStorm connects to a local listener over and over.
func connectStorm(actions string) storm {
	return storm{
		name: "connect",
		run: func(t *testing.T, _ string) (int, int) {
			facts := runJSON(t, actions, "connect-storm", strconv.Itoa(stormSeconds)+"s")
			return int(facts["connects"].(float64)), int(facts["pid"].(float64))
		},
		bpftrace: `tracepoint:syscalls:sys_enter_connect { printf("connect %d %d\n", pid, args->fd); }
tracepoint:syscalls:sys_exit_connect { printf("connected %d %d\n", pid, args->ret); }`,
		event: "network.connect",
		counts: func(lr plog.LogRecord, pid int, _ string) bool {
			return attrStr(lr, "process.pid") == strconv.Itoa(pid)
		},
	}
}

// openStorm opens a watched file over and over.
func openStorm(actions, watched string) storm {
	return storm{
		name: "open",
		run: func(t *testing.T, _ string) (int, int) {
			facts := runJSON(t, actions, "open-storm", watched, strconv.Itoa(stormSeconds)+"s")
			return int(facts["opens"].(float64)), int(facts["pid"].(float64))
		},
		bpftrace: `tracepoint:syscalls:sys_enter_openat { printf("open %d %s\n", pid, str(args->filename)); }
tracepoint:syscalls:sys_exit_openat { printf("opened %d %d\n", pid, args->ret); }`,
		event: "file.open",
		counts: func(lr plog.LogRecord, pid int, _ string) bool {
			return attrStr(lr, "process.pid") == strconv.Itoa(pid) && attrStr(lr, "file.path") == watched
		},
	}
}
