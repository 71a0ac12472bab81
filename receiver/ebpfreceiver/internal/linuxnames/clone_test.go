package linuxnames

import "testing"

// Values from include/uapi/linux/sched.h, written out.
func TestCloneFlags(t *testing.T) {
	for _, tt := range []struct {
		in     uint64
		clone3 bool
		want   []string
	}{
		// unshare -U -m --fork, as clone passes it: the exit signal is no flag.
		{0x10000000 | 0x00020000 | 17, false, []string{"CLONE_NEWNS", "CLONE_NEWUSER"}},
		// runc: new namespaces, the child re-parented to runc's parent.
		{0x00020000 | 0x04000000 | 0x08000000 | 0x20000000 | 0x40000000 | 0x00008000 | 17, false,
			[]string{"CLONE_NEWNS", "CLONE_NEWUTS", "CLONE_NEWIPC", "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_PARENT"}},
		// Go's os/exec with Cloneflags: vfork semantics.
		{0x04000000 | 0x00000100 | 0x00004000 | 17, false, []string{"CLONE_NEWUTS", "CLONE_VM", "CLONE_VFORK"}},
		// A thread, never reported but named all the same.
		{0x3d0f00, false, []string{"CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD", "CLONE_SYSVSEM",
			"CLONE_SETTLS", "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID"}},
		// clone3: CLONE_NEWTIME sits where clone's exit signal is, and the
		// 64-bit flags go further.
		{0x00000080 | 0x00001000 | 0x100000000 | 0x200000000, true,
			[]string{"CLONE_NEWTIME", "CLONE_PIDFD", "CLONE_CLEAR_SIGHAND", "CLONE_INTO_CGROUP"}},
		{0x00000080, false, nil},
		{1 << 40, true, []string{"0x10000000000"}},
		{1<<40 | 0x00020000, false, []string{"CLONE_NEWNS"}}, // clone's upper half is dropped
	} {
		checkList(t, "CloneFlags("+hex(tt.in)+")", CloneFlags(tt.in, tt.clone3), tt.want)
	}
}
