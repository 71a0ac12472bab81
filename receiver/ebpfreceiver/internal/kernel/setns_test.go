package kernel

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/sys/unix"
)

func TestNamespaceTargetIsReadFromTheNsRow(t *testing.T) {
	ev := SyscallEvent{Kind: uint16(SyscallSetns), Args: [6]uint64{4, unix.CLONE_NEWNS | unix.CLONE_NEWNET, unix.CLONE_NEWNET},
		After: [3]uint64{2051, 0, 1}}
	s := Syscall{SyscallEvent: &ev}
	target, ok := s.NamespaceTarget()
	assert.True(t, ok)
	assert.Equal(t, NamespaceTarget{Inode: 2051, PID: 1, HostTypes: unix.CLONE_NEWNET}, target)

	ev.Kind = uint16(SyscallUnshare)
	_, ok = s.NamespaceTarget()
	assert.False(t, ok, "only setns records have one")
}
