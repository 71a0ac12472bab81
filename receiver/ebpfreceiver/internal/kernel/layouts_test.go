package kernel

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/cilium/ebpf/btf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eventsHeader is the C header whose layout table syscallLayouts copies.
const eventsHeader = "../../../../bpf/include/events.h"

// layoutRow is a row of the layout table in events.h:
// " * kind | args[0..5] | str[0..2] | before/after".
var layoutRow = regexp.MustCompile(`^ \* (\w+)\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|\s*(.*?)\s*$`)

// enumValues are the values of a C enum, by name, as compiled into the
// object bpf2go generated.
func enumValues(t *testing.T, name string) map[string]uint64 {
	spec, err := loadBpf()
	require.NoError(t, err)
	var enum *btf.Enum
	require.NoError(t, spec.Types.TypeByName(name, &enum))
	values := map[string]uint64{}
	for _, v := range enum.Values {
		values[v.Name] = v.Value
	}
	return values
}

func TestSyscallLayoutsAreTheTableOfEventsH(t *testing.T) {
	kinds := enumValues(t, "syscall_kind")
	f, err := os.Open(eventsHeader)
	require.NoError(t, err)
	defer f.Close()

	inTable := map[SyscallKind]bool{}
	header := true
	for sc := bufio.NewScanner(f); sc.Scan(); {
		m := layoutRow.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		if header { // "kind | args[0..5] | ..."
			header = false
			continue
		}
		name, args, str, held := m[1], m[2], m[3], m[4]
		value, known := kinds["SC_"+strings.ToUpper(name)]
		if !assert.True(t, known, "events.h describes %s, which enum syscall_kind lacks", name) {
			continue
		}
		kind := SyscallKind(value)
		inTable[kind] = true
		l, ok := LayoutOf(kind)
		if !assert.True(t, ok, "events.h describes %s; syscallLayouts does not", name) {
			continue
		}
		if str == "-" {
			str = ""
		}
		assert.Equal(t, SyscallLayout{Args: args, Str: str, Held: l.Held}, l, name)
		assert.Equal(t, held, l.Held.String(), "%s: before/after", name)
	}
	require.False(t, header, "no layout table found in %s", eventsHeader)
	for kind := range syscallLayouts {
		if _, ok := LayoutOf(SyscallKind(kind)); ok {
			assert.True(t, inTable[SyscallKind(kind)], "syscallLayouts has %s, which events.h does not describe", SyscallName(SyscallKind(kind)))
		}
	}
}

func TestSyscallLayoutsFitTheRecord(t *testing.T) {
	for kind, l := range syscallLayouts {
		assert.LessOrEqual(t, len(layoutNames(l.Args)), len(SyscallEvent{}.Args), "kind %d", kind)
		assert.LessOrEqual(t, len(layoutNames(l.Str)), len(Syscall{}.Str), "kind %d", kind)
	}
}

func TestRecordsAreReadByName(t *testing.T) {
	ev := SyscallEvent{Kind: uint16(SyscallOpenat2), Args: [6]uint64{3, 0, 0o101, 0o600}, Flags: 1}
	s := Syscall{SyscallEvent: &ev, Str: [3][]byte{[]byte("/etc/x")}}
	flags, ok := s.Arg(ArgNamed("flags"))
	assert.True(t, ok)
	assert.Equal(t, uint64(0o101), flags)
	_, ok = s.Arg(ArgNamed("fd"))
	assert.False(t, ok, "openat2 has no fd argument")
	path, cut := s.Text(StrNamed("path"))
	assert.Equal(t, "/etc/x", string(path))
	assert.True(t, cut)

	ev.Kind = uint16(SyscallSetreuid)
	real, ok := s.Arg(ArgNamed("ruid", "rgid"))
	assert.True(t, ok)
	assert.Equal(t, uint64(3), real)
	assert.Equal(t, HeldUIDs, s.Held())

	ev.Kind = uint16(SyscallConnect) // a net_event kind
	_, ok = s.Arg(ArgNamed("flags"))
	assert.False(t, ok)
	ev.Kind = 0xffff // not a kind at all
	_, ok = s.Arg(ArgNamed("flags"))
	assert.False(t, ok)
	assert.Equal(t, HeldNothing, s.Held())

	assert.Panics(t, func() { ArgNamed("flgas") }, "a misspelt name is caught when the program starts")
}

func TestEveryKindHasOneSyscall(t *testing.T) {
	seen := map[SyscallKind]string{}
	for _, s := range allSyscalls() {
		if other, dup := seen[s.kind]; dup {
			t.Errorf("kind %d is traced as %s and %s", s.kind, other, s.name)
		}
		seen[s.kind] = s.name
		assert.Equal(t, s.name, SyscallName(s.kind))
		assert.Equal(t, s.group, SyscallGroup(s.kind))
	}
	assert.Empty(t, SyscallName(SyscallKind(SyscallKindMax)))
}
