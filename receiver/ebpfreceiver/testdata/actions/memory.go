package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// mmapWX maps anonymous memory writable and executable at once.
func mmapWX(args []string) (map[string]any, error) {
	mem, err := unix.Mmap(-1, 0, 8192, unix.PROT_READ|unix.PROT_WRITE|unix.PROT_EXEC, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil, err
	}
	addr := uintptr(unsafe.Pointer(&mem[0]))
	return map[string]any{"address": addr, "size": len(mem)}, unix.Munmap(mem)
}

// mprotectWX maps memory read-write, then makes it writable and executable.
func mprotectWX(args []string) (map[string]any, error) {
	mem, err := unix.Mmap(-1, 0, 4096, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil, err
	}
	defer unix.Munmap(mem)
	addr := uintptr(unsafe.Pointer(&mem[0]))
	return map[string]any{"address": addr, "size": len(mem)}, unix.Mprotect(mem, unix.PROT_READ|unix.PROT_WRITE|unix.PROT_EXEC)
}

// memfdExec copies the executable args[0] into a memory file named args[1]
// and runs it from there, as fileless malware does.
func memfdExec(args []string) (map[string]any, error) {
	fd, err := unix.MemfdCreate(args[1], unix.MFD_CLOEXEC)
	if err != nil {
		return nil, err
	}
	image, err := os.ReadFile(args[0])
	if err != nil {
		return nil, err
	}
	if _, err := unix.Write(fd, image); err != nil {
		return nil, err
	}
	// /proc/self/fd/N of a close-on-exec fd would be gone in the child:
	// pass the fd to it and exec it by that path.
	f := os.NewFile(uintptr(fd), args[1])
	cmd := exec.Command("/proc/self/fd/3", args[2:]...)
	cmd.ExtraFiles = []*os.File{f}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("running from the memfd: %w: %s", err, out)
	}
	return map[string]any{"child": cmd.Process.Pid}, nil
}

// child starts a process to act on: a shell waiting on its stdin.
//
// It returns once the shell runs: Go starts children with vfork, so Start
// returns as soon as the child's exec has replaced its memory, before the
// kernel's exec tracepoint has fired — a ptrace at once would still find
// the forked copy of this program. The shell's first output says its exec
// is complete.
func child(marker string) (*exec.Cmd, error) {
	return startChild(exec.Command("/bin/sh", "-c", "echo ready; read line", marker))
}

// startChild starts cmd, a shell that says "ready" once it runs, and
// returns once it does.
func startChild(cmd *exec.Cmd) (*exec.Cmd, error) {
	if _, err := cmd.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ready := make([]byte, len("ready\n"))
	if _, err := io.ReadFull(out, ready); err != nil {
		return nil, fmt.Errorf("the child shell did not start: %w", err)
	}
	return cmd, nil
}

// ptraceAttach attaches to a child of its own and detaches again.
func ptraceAttach(args []string) (map[string]any, error) {
	runtime.LockOSThread() // ptrace requests must come from the tracing thread
	c, err := child(args[0])
	if err != nil {
		return nil, err
	}
	defer c.Process.Kill()
	pid := c.Process.Pid
	if err := unix.PtraceAttach(pid); err != nil {
		return nil, err
	}
	var ws unix.WaitStatus
	if _, err := unix.Wait4(pid, &ws, unix.WALL, nil); err != nil {
		return nil, err
	}
	return map[string]any{"target": pid}, unix.PtraceDetach(pid)
}

// vmWrite writes a few bytes into the stack of a child through
// process_vm_writev, as code injection does.
func vmWrite(args []string) (map[string]any, error) {
	c, err := child(args[0])
	if err != nil {
		return nil, err
	}
	defer c.Process.Kill()
	addr, err := stackStart(c.Process.Pid)
	if err != nil {
		return nil, err
	}
	data := []byte("vigil")
	local := []unix.Iovec{{Base: &data[0], Len: uint64(len(data))}}
	remote := []unix.RemoteIovec{{Base: addr, Len: len(data)}}
	n, err := unix.ProcessVMWritev(c.Process.Pid, local, remote, 0)
	return map[string]any{"target": c.Process.Pid, "written": n}, err
}

func stackStart(pid int) (uintptr, error) {
	maps, err := os.ReadFile(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		return 0, err
	}
	var start, end uintptr
	for _, line := range strings.Split(string(maps), "\n") {
		if strings.HasSuffix(line, "[stack]") {
			if _, err := fmt.Sscanf(line, "%x-%x", &start, &end); err != nil {
				return 0, err
			}
			return end - 4096, nil
		}
	}
	return 0, fmt.Errorf("no [stack] in /proc/%d/maps", pid)
}
