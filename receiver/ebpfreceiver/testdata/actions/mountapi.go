package main

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// mountWithNewAPI mounts a tmpfs named args[1] on args[0] the way
// util-linux 2.39 and later do, in a private mount namespace: fsopen,
// fsconfig, fsmount, move_mount. It then clones the mount with open_tree,
// and opens the directory with open_tree without cloning (not reported).
func mountWithNewAPI(args []string) (map[string]any, error) {
	runtime.LockOSThread() // the private mount namespace is this thread's
	dir, source := args[0], args[1]
	if err := privateMountNS(); err != nil {
		return nil, err
	}
	fsfd, err := unix.Fsopen("tmpfs", unix.FSOPEN_CLOEXEC)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fsfd)
	if err := unix.FsconfigSetString(fsfd, "source", source); err != nil {
		return nil, err
	}
	if err := unix.FsconfigCreate(fsfd); err != nil {
		return nil, err
	}
	mfd, err := unix.Fsmount(fsfd, unix.FSMOUNT_CLOEXEC, unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV)
	if err != nil {
		return nil, err
	}
	defer unix.Close(mfd)
	if err := unix.MoveMount(mfd, "", unix.AT_FDCWD, dir, unix.MOVE_MOUNT_F_EMPTY_PATH); err != nil {
		return nil, err
	}
	for _, flags := range []uint{unix.OPEN_TREE_CLONE | unix.OPEN_TREE_CLOEXEC, unix.OPEN_TREE_CLOEXEC} {
		fd, err := unix.OpenTree(unix.AT_FDCWD, dir, flags)
		if err != nil {
			return nil, err
		}
		unix.Close(fd)
	}
	return nil, nil
}
