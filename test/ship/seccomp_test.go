package ship

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type seccompProfile struct {
	DefaultAction   string `json:"defaultAction"`
	DefaultErrnoRet *int   `json:"defaultErrnoRet"`
	Syscalls        []struct {
		Names    []string          `json:"names"`
		Action   string            `json:"action"`
		ErrnoRet *int              `json:"errnoRet"`
		Args     []json.RawMessage `json:"args"`
	} `json:"syscalls"`
}

// TestSeccompProfileIsTheDefaultPlusBPF: examples/kubernetes/seccomp.json
// denies by default, allows bpf and perf_event_open unconditionally (the
// kernel's capability checks guard them), and still refuses what the
// runtimes' default profile refuses a container without CAP_SYS_ADMIN and
// the like: mounts, namespaces, modules, kexec, ptrace, keyrings.
func TestSeccompProfileIsTheDefaultPlusBPF(t *testing.T) {
	var p seccompProfile
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), "examples/kubernetes/seccomp.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &p))
	assert.Equal(t, "SCMP_ACT_ERRNO", p.DefaultAction)
	require.NotNil(t, p.DefaultErrnoRet)
	assert.Equal(t, 1, *p.DefaultErrnoRet, "EPERM")

	unconditional := map[string]bool{}
	mentioned := map[string]bool{}
	for _, s := range p.Syscalls {
		for _, n := range s.Names {
			mentioned[n] = true
			if s.Action == "SCMP_ACT_ALLOW" && len(s.Args) == 0 {
				unconditional[n] = true
			}
		}
	}
	for _, n := range []string{"bpf", "perf_event_open",
		// What the collector's Go runtime and its reads of /proc need.
		"read", "write", "openat", "close", "mmap", "munmap", "futex", "epoll_pwait", "epoll_ctl",
		"readlinkat", "newfstatat", "getdents64", "rt_sigaction", "sched_getaffinity", "prlimit64", "socket", "connect"} {
		if n == "socket" {
			assert.True(t, mentioned[n], n)
			continue
		}
		assert.True(t, unconditional[n], "%s is allowed", n)
	}
	for _, n := range []string{"mount", "umount2", "unshare", "setns", "pivot_root", "chroot", "init_module", "finit_module",
		"delete_module", "kexec_load", "kexec_file_load", "ptrace", "process_vm_writev", "process_vm_readv", "open_by_handle_at",
		"keyctl", "add_key", "request_key", "userfaultfd", "reboot", "swapon", "acct", "settimeofday", "iopl", "ioperm"} {
		assert.False(t, mentioned[n], "%s is refused (by the default action)", n)
	}
	assert.False(t, unconditional["clone"], "clone only without namespace flags")
	assert.False(t, unconditional["clone3"], "clone3 answers ENOSYS")
}
