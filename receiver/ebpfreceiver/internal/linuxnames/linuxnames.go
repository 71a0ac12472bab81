// Package linuxnames turns the raw numbers a syscall hook captures (errno
// values, flag words, request codes, enum values) into the symbolic names a
// security engineer reads in a log record: "O_WRONLY", "PTRACE_ATTACH",
// "CLONE_NEWUSER", "BPF_PROG_LOAD".
//
// Conventions shared by every function:
//
//   - Names are spelled exactly as the Linux kernel headers spell them
//     (EOPNOTSUPP rather than glibc's ENOTSUP, PTRACE_PEEKUSR rather than
//     PTRACE_PEEKUSER, FASYNC rather than O_ASYNC), because that is what
//     kernel documentation and exploit write-ups use.
//   - Values come from golang.org/x/sys/unix so that per-architecture
//     differences (O_DIRECTORY is 0x10000 on amd64 but 0x4000 on arm64) are
//     resolved by the build. Where unix has no constant, or has glibc's
//     userspace value instead of the kernel's, the number is written out
//     with the uapi header it comes from.
//   - Flag decoders return names in a fixed order, then any bits they do not
//     know as one "0x..." entry. Unknown bits are never dropped: a record
//     that silently loses a bit is worse than one that shows a number.
//   - Where the kernel declares a syscall parameter as int or unsigned int
//     but the caller hands us a 64-bit register, the value is truncated the
//     way the kernel's syscall wrapper truncates it, so garbage in the upper
//     half of a register cannot make BPF_PROG_LOAD look like something else.
//   - Nothing allocates except the returned slice or string, so the
//     functions are safe on the per-event hot path.
//
// The package describes the native ABI of the sensor's own architecture
// (amd64 or arm64). 32-bit compat tasks use the same values for the calls
// covered here, except that a 32-bit ARM tracer on arm64 issues arm's own
// ptrace requests (PTRACE_GETREGS and others), which are not named.
package linuxnames

import (
	"strconv"
	"strings"
)

// flagName names one value of a field of a flag word. A plain flag has
// mask == value. Multi-bit fields use a wider mask: an access mode
// (mask O_ACCMODE, value O_RDWR), the mmap type (mask MAP_TYPE), or a flag
// that must only be named when a companion bit is clear (O_DIRECTORY has
// mask O_TMPFILE so it is not reported when the whole of O_TMPFILE is set).
type flagName struct {
	mask  uint64
	value uint64
	name  string
}

// bit names a plain flag.
func bit(v uint64, name string) flagName {
	return flagName{mask: v, value: v, name: name}
}

// matches reports whether the field selected by f.mask holds f.value. An
// all-zero mask never matches: unix defines some constants as 0 on some
// architectures, and such an entry would otherwise match every input.
func (f flagName) matches(v uint64) bool {
	return f.mask != 0 && v&f.mask == f.value
}

// flagNames renders v against table: the names of matching entries in
// table order, then the bits no matching entry covers as one hex entry.
// It returns nil when nothing matches and no bits are left over. Two
// passes over the table let it allocate the result exactly once.
func flagNames(v uint64, table []flagName) []string {
	n, unknown := countFlags(v, table)
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for _, f := range table {
		if f.matches(v) {
			out = append(out, f.name)
		}
	}
	if unknown != 0 {
		out = append(out, hex(unknown))
	}
	return out
}

// countFlags returns how many entries flagNames would produce for v
// (including the hex entry) and the bits left unknown.
func countFlags(v uint64, table []flagName) (n int, unknown uint64) {
	var known uint64
	for _, f := range table {
		if f.matches(v) {
			known |= f.mask
			n++
		}
	}
	unknown = v &^ known
	if unknown != 0 {
		n++
	}
	return n, unknown
}

// joinFlags is flagNames joined with "|" into a single string, for
// functions whose result is one string. It builds the string directly so
// that the only allocation is the result.
func joinFlags(v uint64, table []flagName) string {
	var (
		buf [2 + 16]byte // room for "0x" and 16 hex digits
		hx  []byte
	)
	n, unknown := countFlags(v, table)
	if n == 0 {
		return ""
	}
	size := n - 1 // separators
	for _, f := range table {
		if f.matches(v) {
			size += len(f.name)
		}
	}
	if unknown != 0 {
		hx = strconv.AppendUint(append(buf[:0], "0x"...), unknown, 16)
		size += len(hx)
	}
	var out strings.Builder
	out.Grow(size)
	for _, f := range table {
		if f.matches(v) {
			if out.Len() > 0 {
				out.WriteByte('|')
			}
			out.WriteString(f.name)
		}
	}
	if hx != nil {
		if out.Len() > 0 {
			out.WriteByte('|')
		}
		out.Write(hx)
	}
	return out.String()
}

// hex renders unknown bits as "0x1f".
func hex(v uint64) string {
	var buf [2 + 16]byte
	return string(strconv.AppendUint(append(buf[:0], "0x"...), v, 16))
}

// numbered renders an unknown enum value as prefix followed by its decimal
// value, such as "errno 999" or "TYPE65280".
func numbered(prefix string, n int64) string {
	var buf [32]byte
	return string(strconv.AppendInt(append(buf[:0], prefix...), n, 10))
}
