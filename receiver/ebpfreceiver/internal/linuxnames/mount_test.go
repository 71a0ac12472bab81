package linuxnames

import "testing"

// Values from include/uapi/linux/mount.h and fcntl.h, written out.
func TestNewMountAPIFlags(t *testing.T) {
	checkList(t, "FsopenFlags(1)", FsopenFlags(1), []string{"FSOPEN_CLOEXEC"})
	checkList(t, "FsopenFlags(0)", FsopenFlags(0), nil)
	checkList(t, "FsopenFlags(6)", FsopenFlags(6), []string{"0x6"})

	for _, tt := range []struct {
		in   uint64
		want []string
	}{
		{0, nil}, // relatime, the default, is not named
		{0x1 | 0x2 | 0x4 | 0x8, []string{"MOUNT_ATTR_RDONLY", "MOUNT_ATTR_NOSUID", "MOUNT_ATTR_NODEV", "MOUNT_ATTR_NOEXEC"}},
		{0x10, []string{"MOUNT_ATTR_NOATIME"}},
		{0x20 | 0x80, []string{"MOUNT_ATTR_STRICTATIME", "MOUNT_ATTR_NODIRATIME"}},
		{0x30, []string{"0x30"}}, // not an atime setting
		{0x100000 | 0x200000, []string{"MOUNT_ATTR_IDMAP", "MOUNT_ATTR_NOSYMFOLLOW"}},
	} {
		checkList(t, "MountAttrFlags("+hex(tt.in)+")", MountAttrFlags(tt.in), tt.want)
	}

	checkList(t, "MoveMountFlags", MoveMountFlags(0x4|0x40|0x200), []string{"MOVE_MOUNT_F_EMPTY_PATH", "MOVE_MOUNT_T_EMPTY_PATH", "MOVE_MOUNT_BENEATH"})
	checkList(t, "MoveMountFlags", MoveMountFlags(0x1|0x2|0x10|0x20|0x100),
		[]string{"MOVE_MOUNT_F_SYMLINKS", "MOVE_MOUNT_F_AUTOMOUNTS", "MOVE_MOUNT_T_SYMLINKS", "MOVE_MOUNT_T_AUTOMOUNTS", "MOVE_MOUNT_SET_GROUP"})
	checkList(t, "MoveMountFlags", MoveMountFlags(0x8), []string{"0x8"})

	// mount --rbind / as util-linux does it: a recursive detached clone.
	checkList(t, "OpenTreeFlags", OpenTreeFlags(0x1|0x8000|0o2000000), []string{"OPEN_TREE_CLONE", "AT_RECURSIVE", "OPEN_TREE_CLOEXEC"})
	checkList(t, "OpenTreeFlags", OpenTreeFlags(0x100|0x800|0x1000), []string{"AT_SYMLINK_NOFOLLOW", "AT_NO_AUTOMOUNT", "AT_EMPTY_PATH"})
	checkList(t, "OpenTreeFlags", OpenTreeFlags(0x2), []string{"0x2"})
}
