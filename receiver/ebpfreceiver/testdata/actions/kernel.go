package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"golang.org/x/sys/unix"
)

// initModule tries to load a module image that is no module: the kernel
// refuses it (or has no module support at all).
func initModule(args []string) (map[string]any, error) {
	image := []byte("\x7fELF not a module")
	err := unix.InitModule(image, args[0])
	return map[string]any{"errno": errnoOf(err), "size": len(image)}, nil
}

func errnoOf(err error) int {
	if e, ok := err.(unix.Errno); ok {
		return int(e)
	}
	return 0
}

// bpfLoad loads a trivial socket filter named args[0], or with
// args[1] "tracepoint", a tracepoint program (never attached).
func bpfLoad(args []string) (map[string]any, error) {
	typ := ebpf.SocketFilter
	if len(args) > 1 && args[1] == "tracepoint" {
		typ = ebpf.TracePoint
	}
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
		Name:         args[0],
		Type:         typ,
		License:      "GPL",
		Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()},
	})
	if err != nil {
		return nil, err
	}
	return nil, prog.Close()
}

// unshareNS moves into new mount and UTS namespaces.
func unshareNS(args []string) (map[string]any, error) {
	return nil, unix.Unshare(unix.CLONE_NEWNS | unix.CLONE_NEWUTS)
}

// setnsUTS joins the UTS namespace of process args[0].
func setnsUTS(args []string) (map[string]any, error) {
	path := fmt.Sprintf("/proc/%s/ns/uts", args[0])
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, err
	}
	return map[string]any{"inode": st.Ino}, unix.Setns(fd, unix.CLONE_NEWUTS)
}

// privateMountNS gives the process its own mount namespace, so mounts the
// test makes never reach the host's.
func privateMountNS() error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
		return err
	}
	return unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, "")
}

// mountTmpfs mounts a tmpfs named args[1] on args[0], in a private mount namespace.
func mountTmpfs(args []string) (map[string]any, error) {
	if err := privateMountNS(); err != nil {
		return nil, err
	}
	return nil, unix.Mount(args[1], args[0], "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size=1m")
}

// chrootDir changes its root to args[0].
func chrootDir(args []string) (map[string]any, error) {
	return nil, unix.Chroot(args[0])
}

// pivotRoot makes args[0] the root of a private mount namespace, the old
// root going to args[0]/old.
func pivotRoot(args []string) (map[string]any, error) {
	if err := privateMountNS(); err != nil {
		return nil, err
	}
	newRoot := args[0]
	if err := unix.Mount(newRoot, newRoot, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(newRoot, "old"), 0o700); err != nil {
		return nil, err
	}
	return nil, unix.PivotRoot(newRoot, filepath.Join(newRoot, "old"))
}
