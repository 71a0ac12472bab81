package records

import (
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

// bpfObject is the compiled BPF programs, as bpf2go generated and the
// repository commits them (make check-generated keeps it current with
// bpf/). Reading it needs no privileges: nothing is loaded.
const bpfObject = "../kernel/bpf_bpfel.o"

func loadObject(t *testing.T) *ebpf.CollectionSpec {
	spec, err := ebpf.LoadCollectionSpec(bpfObject)
	require.NoError(t, err)
	return spec
}

func TestEveryTypeOfTheKernelHasARow(t *testing.T) {
	var enum *btf.Enum
	require.NoError(t, loadObject(t).Types.TypeByName("event_type", &enum))
	inEnum := map[uint64]bool{}
	for _, v := range enum.Values {
		if v.Name == "EVENT_NONE" || v.Name == "EVENT_TYPE_MAX" {
			continue
		}
		inEnum[v.Value] = true
		assert.NotNil(t, TypeOf(uint16(v.Value)), "enum event_type has %s (%d); the table of record types has no row for it", v.Name, v.Value)
	}
	for i := range types {
		if types[i].Struct != noStruct {
			assert.True(t, inEnum[uint64(i)], "the table has a row for type %d (%s), which enum event_type lacks", i, types[i].Event)
		}
	}
}

// TestKindsAreTheKernels compares the kinds of each row with the type the
// BPF programs give each kind: the array event_type_of_kind of
// bpf/include/events.h, as compiled.
func TestKindsAreTheKernels(t *testing.T) {
	var compiled [kernel.SyscallKindMax]uint16
	v := loadObject(t).Variables["event_type_of_kind"]
	require.NotNil(t, v, "the object has no event_type_of_kind")
	require.NoError(t, v.Get(&compiled))

	var want [kernel.SyscallKindMax]uint16
	for i := range types {
		for _, k := range types[i].Kinds {
			require.Zero(t, want[k], "%s is listed by %s and %s", kernel.SyscallName(k), EventName(uint32(want[k])), types[i].Event)
			want[k] = uint16(i)
		}
	}
	for k := range compiled {
		assert.Equal(t, EventName(uint32(want[k])), EventName(uint32(compiled[k])),
			"the record type of %s (kind %d): the table's, then the kernel's", kernel.SyscallName(kernel.SyscallKind(k)), k)
	}
}

func TestRowsAreWhole(t *testing.T) {
	names := map[string]bool{}
	for i := range types {
		row := &types[i]
		if row.Struct == noStruct {
			assert.Zero(t, row.Event, "type %d", i)
			continue
		}
		assert.NotEmpty(t, row.Event, "type %d", i)
		assert.False(t, names[row.Event], "%s names two types", row.Event)
		names[row.Event] = true
		assert.Equal(t, row.Event, EventName(uint32(i)))

		switch row.Struct {
		case ExecStruct, ExitStruct, ForkStruct:
			assert.Empty(t, row.Group, "%s: process events are always on", row.Event)
			assert.Empty(t, row.Kinds, row.Event)
			assert.True(t, row.syscall == nil && row.net == nil, "%s: written by Exec, Exit or Fork", row.Event)
			continue
		case NetStruct:
			assert.True(t, row.net != nil && row.syscall == nil, "%s: a net_event needs a net encoder", row.Event)
		case SyscallStruct:
			assert.True(t, row.syscall != nil && row.net == nil, "%s: a syscall_event needs a syscall encoder", row.Event)
		}
		assert.NotEmpty(t, row.Kinds, row.Event)
		for _, k := range row.Kinds {
			_, hasLayout := kernel.LayoutOf(k)
			assert.Equal(t, row.Struct == SyscallStruct, hasLayout,
				"%s of %s: a kind has a layout in events.h exactly when it writes a syscall_event", kernel.SyscallName(k), row.Event)
			group := kernel.SyscallGroup(k)
			if group == "" {
				continue // not traced on this architecture (a legacy syscall)
			}
			if group == kernel.GroupDNSWrite {
				group = kernel.GroupDNS // DNS sent with write(): its own switch within the group
			}
			assert.Equal(t, row.Group, group, "%s of %s", kernel.SyscallName(k), row.Event)
		}
	}
}

func TestUnknownTypesAreNamedByNumber(t *testing.T) {
	assert.Nil(t, TypeOf(0))
	assert.Nil(t, TypeOf(9))
	assert.Nil(t, TypeOf(uint16(kernel.EventTypeMax)))
	assert.Equal(t, "kernel.type_0", EventName(0))
	assert.Equal(t, "kernel.type_63", EventName(63))
	assert.Equal(t, "kernel.type_64", EventName(kernel.EventTypeMax))
	assert.Equal(t, "process.exec", EventName(uint32(kernel.TypeExec)))
}
