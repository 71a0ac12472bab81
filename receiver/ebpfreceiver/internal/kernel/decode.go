package kernel

import (
	"errors"
	"fmt"
	"unsafe"
)

// The record layouts, generated from bpf/include/events.h.
type (
	Header       = bpfEventHeader
	ExecEvent    = bpfExecEvent
	ExitEvent    = bpfExitEvent
	ForkEvent    = bpfForkEvent
	SyscallEvent = bpfSyscallEvent
	NetEvent     = bpfNetEvent
	EventType    = bpfEventType
)

// Record types.
const (
	TypeExec     = bpfEventTypeEVENT_PROCESS_EXEC
	TypeExit     = bpfEventTypeEVENT_PROCESS_EXIT
	TypeFork     = bpfEventTypeEVENT_PROCESS_FORK
	EventTypeMax = uint32(bpfEventTypeEVENT_TYPE_MAX)
)

// Exec record flags.
const (
	ExecArgsTruncated     = uint32(bpfExecFlagsEXEC_ARGS_TRUNCATED)
	ExecExeTruncated      = uint32(bpfExecFlagsEXEC_EXE_TRUNCATED)
	ExecCwdTruncated      = uint32(bpfExecFlagsEXEC_CWD_TRUNCATED)
	ExecCgroupTruncated   = uint32(bpfExecFlagsEXEC_CGROUP_TRUNCATED)
	ExecFilenameTruncated = uint32(bpfExecFlagsEXEC_FILENAME_TRUNCATED)
	ExecArgsUnreadable    = uint32(bpfExecFlagsEXEC_ARGS_UNREADABLE)
	ExecHasTTY            = uint32(bpfExecFlagsEXEC_HAS_TTY)
)

var (
	// ErrShort is returned for a record smaller than its type's fixed part.
	ErrShort = errors.New("record shorter than its fixed layout")
	// ErrMisaligned is returned for a buffer not 8-byte aligned; ring buffer
	// records always are, so this only guards against misuse.
	ErrMisaligned = errors.New("record buffer not 8-byte aligned")
)

// view returns raw as a *T without copying, after checking its size and alignment.
func view[T any](raw []byte) (*T, error) {
	var zero T
	if len(raw) < int(unsafe.Sizeof(zero)) {
		return nil, fmt.Errorf("%w: %d bytes, want at least %d", ErrShort, len(raw), unsafe.Sizeof(zero))
	}
	if uintptr(unsafe.Pointer(unsafe.SliceData(raw)))%8 != 0 {
		return nil, ErrMisaligned
	}
	return (*T)(unsafe.Pointer(unsafe.SliceData(raw))), nil
}

// DecodeHeader returns the header every record starts with.
func DecodeHeader(raw []byte) (*Header, error) { return view[Header](raw) }

// DecodeExit returns an exit record, pointing into raw.
func DecodeExit(raw []byte) (*ExitEvent, error) { return view[ExitEvent](raw) }

// DecodeFork returns a fork record, pointing into raw.
func DecodeFork(raw []byte) (*ForkEvent, error) { return view[ForkEvent](raw) }

// Exec is a decoded exec record. Its fields point into the ring buffer
// record and are only valid until that buffer is reused.
type Exec struct {
	*ExecEvent
	Args     []byte // argv, NUL-separated
	Exe      []byte
	Cwd      []byte
	Filename []byte
	Cgroup   []byte
	TTY      []byte
}

// DecodeExec decodes an exec record into out without allocating.
func DecodeExec(raw []byte, out *Exec) error {
	ev, err := view[ExecEvent](raw)
	if err != nil {
		return err
	}
	rest := raw[unsafe.Sizeof(*ev):]
	fields := [...]struct {
		dst *[]byte
		n   uint16
	}{
		{&out.Args, ev.ArgsLen},
		{&out.Exe, ev.ExeLen},
		{&out.Cwd, ev.CwdLen},
		{&out.Filename, ev.FilenameLen},
		{&out.Cgroup, ev.CgroupLen},
		{&out.TTY, ev.TtyLen},
	}
	for _, f := range fields {
		if int(f.n) > len(rest) {
			return fmt.Errorf("%w: string of %d bytes past the record's %d remaining", ErrShort, f.n, len(rest))
		}
		*f.dst = rest[:f.n:f.n]
		rest = rest[f.n:]
	}
	out.ExecEvent = ev
	return nil
}

// Syscall is a decoded syscall record. Its strings point into the ring
// buffer record and are only valid until that buffer is reused.
type Syscall struct {
	*SyscallEvent
	Str [3][]byte
}

// StrTruncated reports whether string i was cut to fit.
func (s *Syscall) StrTruncated(i int) bool {
	return s.Flags&(uint16(bpfSyscallFlagsSYSCALL_STR0TRUNCATED)<<i) != 0
}

// ProgName is the BPF program name of a bpf() record.
func (s *Syscall) ProgName() []byte {
	name := unsafe.Slice((*byte)(unsafe.Pointer(&s.Name[0])), len(s.Name))
	for i, c := range name {
		if c == 0 {
			return name[:i]
		}
	}
	return name
}

// DecodeSyscall decodes a syscall record into out without allocating.
func DecodeSyscall(raw []byte, out *Syscall) error {
	ev, err := view[SyscallEvent](raw)
	if err != nil {
		return err
	}
	rest := raw[unsafe.Sizeof(*ev):]
	for i, n := range ev.StrLen {
		if int(n) > len(rest) {
			return fmt.Errorf("%w: string of %d bytes past the record's %d remaining", ErrShort, n, len(rest))
		}
		out.Str[i] = rest[:n:n]
		rest = rest[n:]
	}
	out.SyscallEvent = ev
	return nil
}

// Net is a decoded socket record; Payload (a DNS message) points into the
// ring buffer record.
type Net struct {
	*NetEvent
	Payload []byte
}

// DecodeNet decodes a socket record into out without allocating.
func DecodeNet(raw []byte, out *Net) error {
	ev, err := view[NetEvent](raw)
	if err != nil {
		return err
	}
	rest := raw[unsafe.Sizeof(*ev):]
	if int(ev.PayloadLen) > len(rest) {
		return fmt.Errorf("%w: payload of %d bytes past the record's %d remaining", ErrShort, ev.PayloadLen, len(rest))
	}
	out.NetEvent = ev
	out.Payload = rest[:ev.PayloadLen:ev.PayloadLen]
	return nil
}
