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

// WaitStatus decodes (code << 8) | signal | 0x80-if-core.
func WaitStatus(raw uint32) Status {
	sig := int(raw & 0x7f)
	if sig == 0 {
		return Status{Code: int((raw >> 8) & 0xff)}
	}
	// A signal-terminated process reports 128+signal as shells do.
	return Status{Code: 128 + sig, Signal: sig, CoreDumped: raw&0x80 != 0}
}

// SignalName is "SIGKILL" and the like.
func (s Status) SignalName() string {
	if name := unix.SignalName(unix.Signal(s.Signal)); name != "" {
		return name
	}
	return "signal " + strconv.Itoa(s.Signal)
}
