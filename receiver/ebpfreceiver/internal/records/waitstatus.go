package records

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// Status is a decoded wait status, the kernel's task->exit_code.
type Status struct {
	Code       int // exit code when the process exited normally
	Signal     int // terminating signal, 0 when it exited normally
	CoreDumped bool
}

// The parts of a wait status (the WIFSIGNALED, WTERMSIG and WCOREDUMP of
// sys/wait.h, which the kernel's uapi headers do not name).
const (
	waitSignalMask = 0x7f // the terminating signal; 0 for a normal exit
	waitCoreDumped = 0x80
	waitCodeShift  = 8 // the exit code's byte
)

// WaitStatus decodes (code << 8) | signal | core-dumped.
func WaitStatus(raw uint32) Status {
	sig := int(raw & waitSignalMask)
	if sig == 0 {
		return Status{Code: int(uint8(raw >> waitCodeShift))}
	}
	// A signal-terminated process reports 128+signal as shells do.
	return Status{Code: 128 + sig, Signal: sig, CoreDumped: raw&waitCoreDumped != 0}
}

// SignalName is "SIGKILL" and the like.
func (s Status) SignalName() string {
	if name := unix.SignalName(unix.Signal(s.Signal)); name != "" {
		return name
	}
	return "signal " + strconv.Itoa(s.Signal)
}
