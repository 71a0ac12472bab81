package linuxnames

import "golang.org/x/sys/unix"

// The flags of the new mount API (include/uapi/linux/mount.h), each call
// its own: what a file.mount record of that call names in
// vigil.mount.flags.

var fsopenFlagTable = []flagName{
	bit(unix.FSOPEN_CLOEXEC, "FSOPEN_CLOEXEC"),
}

// FsopenFlags names the flags of fsopen: FSOPEN_CLOEXEC, then unknown bits
// in hex.
func FsopenFlags(flags uint64) []string {
	return flagNames(uint64(uint32(flags)), fsopenFlagTable)
}

// mountAttrATime is MOUNT_ATTR__ATIME: a field, not flags. Its value 0 is
// MOUNT_ATTR_RELATIME, the default, which is not named (an empty word
// would otherwise always read ["MOUNT_ATTR_RELATIME"]).
const mountAttrATime = 0x70

var mountAttrTable = []flagName{
	bit(unix.MOUNT_ATTR_RDONLY, "MOUNT_ATTR_RDONLY"),
	bit(unix.MOUNT_ATTR_NOSUID, "MOUNT_ATTR_NOSUID"),
	bit(unix.MOUNT_ATTR_NODEV, "MOUNT_ATTR_NODEV"),
	bit(unix.MOUNT_ATTR_NOEXEC, "MOUNT_ATTR_NOEXEC"),
	{mask: mountAttrATime, value: unix.MOUNT_ATTR_NOATIME, name: "MOUNT_ATTR_NOATIME"},
	{mask: mountAttrATime, value: unix.MOUNT_ATTR_STRICTATIME, name: "MOUNT_ATTR_STRICTATIME"},
	bit(unix.MOUNT_ATTR_NODIRATIME, "MOUNT_ATTR_NODIRATIME"),
	bit(unix.MOUNT_ATTR_IDMAP, "MOUNT_ATTR_IDMAP"),
	bit(unix.MOUNT_ATTR_NOSYMFOLLOW, "MOUNT_ATTR_NOSYMFOLLOW"),
}

// MountAttrFlags names fsmount's attr_flags: MOUNT_ATTR_RDONLY,
// MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV, MOUNT_ATTR_NOEXEC, the atime setting
// (MOUNT_ATTR_NOATIME, MOUNT_ATTR_STRICTATIME; the default relatime is not
// named), MOUNT_ATTR_NODIRATIME, MOUNT_ATTR_IDMAP, MOUNT_ATTR_NOSYMFOLLOW,
// then unknown bits in hex.
func MountAttrFlags(flags uint64) []string {
	return flagNames(uint64(uint32(flags)), mountAttrTable)
}

// moveMountBeneath is MOVE_MOUNT_BENEATH (Linux 6.5); unix lacks it.
const moveMountBeneath = 0x200

var moveMountFlagTable = []flagName{
	bit(unix.MOVE_MOUNT_F_SYMLINKS, "MOVE_MOUNT_F_SYMLINKS"),
	bit(unix.MOVE_MOUNT_F_AUTOMOUNTS, "MOVE_MOUNT_F_AUTOMOUNTS"),
	bit(unix.MOVE_MOUNT_F_EMPTY_PATH, "MOVE_MOUNT_F_EMPTY_PATH"),
	bit(unix.MOVE_MOUNT_T_SYMLINKS, "MOVE_MOUNT_T_SYMLINKS"),
	bit(unix.MOVE_MOUNT_T_AUTOMOUNTS, "MOVE_MOUNT_T_AUTOMOUNTS"),
	bit(unix.MOVE_MOUNT_T_EMPTY_PATH, "MOVE_MOUNT_T_EMPTY_PATH"),
	bit(unix.MOVE_MOUNT_SET_GROUP, "MOVE_MOUNT_SET_GROUP"),
	bit(moveMountBeneath, "MOVE_MOUNT_BENEATH"),
}

// MoveMountFlags names the flags of move_mount: MOVE_MOUNT_F_SYMLINKS,
// MOVE_MOUNT_F_AUTOMOUNTS, MOVE_MOUNT_F_EMPTY_PATH (the source is the
// descriptor itself), the same three for the target (MOVE_MOUNT_T_*),
// MOVE_MOUNT_SET_GROUP, MOVE_MOUNT_BENEATH, then unknown bits in hex.
func MoveMountFlags(flags uint64) []string {
	return flagNames(uint64(uint32(flags)), moveMountFlagTable)
}

var openTreeFlagTable = []flagName{
	bit(unix.OPEN_TREE_CLONE, "OPEN_TREE_CLONE"),
	bit(unix.AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"),
	bit(unix.AT_NO_AUTOMOUNT, "AT_NO_AUTOMOUNT"),
	bit(unix.AT_EMPTY_PATH, "AT_EMPTY_PATH"),
	bit(unix.AT_RECURSIVE, "AT_RECURSIVE"),
	bit(unix.O_CLOEXEC, "OPEN_TREE_CLOEXEC"),
}

// OpenTreeFlags names the flags of open_tree: OPEN_TREE_CLONE (a detached
// copy of the mount, like a bind mount yet to be attached),
// AT_SYMLINK_NOFOLLOW, AT_NO_AUTOMOUNT, AT_EMPTY_PATH, AT_RECURSIVE (the
// mounts below too, like MS_BIND|MS_REC), OPEN_TREE_CLOEXEC, then unknown
// bits in hex.
func OpenTreeFlags(flags uint64) []string {
	return flagNames(uint64(uint32(flags)), openTreeFlagTable)
}
