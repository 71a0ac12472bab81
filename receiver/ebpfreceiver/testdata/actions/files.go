package main

import (
	"errors"
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// openFile opens args[0] with the given flags ("r", "w", "rw", "creat").
func openFile(args []string) (map[string]any, error) {
	flags := map[string]int{"r": unix.O_RDONLY, "w": unix.O_WRONLY | unix.O_TRUNC, "rw": unix.O_RDWR, "creat": unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC}[args[1]]
	fd, err := unix.Open(args[0], flags|unix.O_CLOEXEC, 0o640)
	if err != nil {
		return map[string]any{"errno": int(err.(unix.Errno))}, nil
	}
	unix.Close(fd)
	return map[string]any{"errno": 0, "fd": fd}, nil
}

// openFileAs drops to uid args[0] first, then opens args[1] for reading
// (an unprivileged read of /etc/shadow: EACCES).
func openFileAs(args []string) (map[string]any, error) {
	uid, _ := strconv.Atoi(args[0])
	if err := unix.Setresgid(uid, uid, uid); err != nil {
		return nil, err
	}
	if err := unix.Setresuid(uid, uid, uid); err != nil {
		return nil, err
	}
	return openFile([]string{args[1], "r"})
}

func unlinkFile(args []string) (map[string]any, error) {
	return nil, unix.Unlink(args[0])
}

func renameFile(args []string) (map[string]any, error) {
	return nil, unix.Rename(args[0], args[1])
}

// chmodFile sets mode args[1] (octal) on args[0].
func chmodFile(args []string) (map[string]any, error) {
	mode, err := strconv.ParseUint(args[1], 8, 32)
	if err != nil {
		return nil, err
	}
	return nil, unix.Chmod(args[0], uint32(mode))
}

// symlinkFile replaces args[1] with a symbolic link to args[0].
func symlinkFile(args []string) (map[string]any, error) {
	_ = os.Remove(args[1])
	return nil, unix.Symlink(args[0], args[1])
}

func linkFile(args []string) (map[string]any, error) {
	return nil, unix.Link(args[0], args[1])
}

// mkdirPath makes the directory args[0] with mode args[1] (octal) and
// reports the errno (EEXIST is an outcome the tests look at, not a failure).
func mkdirPath(args []string) (map[string]any, error) {
	mode, err := strconv.ParseUint(args[1], 8, 32)
	if err != nil {
		return nil, err
	}
	if err := unix.Mkdir(args[0], uint32(mode)); err != nil {
		return map[string]any{"errno": int(err.(unix.Errno))}, nil
	}
	return map[string]any{"errno": 0}, nil
}

// openDirectory opens the directory args[0] as opendir(3) does.
func openDirectory(args []string) (map[string]any, error) {
	fd, err := unix.Open(args[0], unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	unix.Close(fd)
	return map[string]any{"fd": fd}, nil
}

// openDirectoryAs drops to uid args[0] first, then opens the directory
// args[1] as opendir(3) does, and reports the errno (an unprivileged look
// into another user's ~/.ssh: EACCES).
func openDirectoryAs(args []string) (map[string]any, error) {
	uid, _ := strconv.Atoi(args[0])
	if err := unix.Setresgid(uid, uid, uid); err != nil {
		return nil, err
	}
	if err := unix.Setresuid(uid, uid, uid); err != nil {
		return nil, err
	}
	if _, err := openDirectory(args[1:]); err != nil {
		return map[string]any{"errno": int(err.(unix.Errno))}, nil
	}
	return map[string]any{"errno": 0}, nil
}

// openStorm opens (and closes) the file args[0] for args[1] (a duration).
func openStorm(args []string) (map[string]any, error) {
	d, err := time.ParseDuration(args[1])
	if err != nil {
		return nil, err
	}
	n, failed := 0, 0
	for end := time.Now().Add(d); time.Now().Before(end); n++ {
		fd, err := unix.Open(args[0], unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			failed++
			continue
		}
		unix.Close(fd)
	}
	if failed > 0 {
		return nil, errors.New("some opens failed")
	}
	return map[string]any{"opens": n}, nil
}
