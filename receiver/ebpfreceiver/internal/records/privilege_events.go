package records

import (
	"fmt"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

// The encoders of the privilege records (types.go): the set*id calls and
// capset.

// unchanged is -1 as a set*id argument: "leave this id as it is".
const unchanged = uint64(0xffffffff)

// requestedIDs says which of (real, effective, saved) a set*id call asks to
// change, from its arguments; ok is false for those it leaves alone.
func requestedIDs(ev *kernel.Syscall) (ids [3]uint64, ok [3]bool) {
	ids[0], ok[0] = ev.Arg(argRealID)
	ids[1], ok[1] = ev.Arg(argEffectiveID)
	ids[2], ok[2] = ev.Arg(argSavedID)
	if id, set := ev.Arg(argID); set {
		// setuid(id) sets the effective id, and all three when privileged:
		// only the effective one is asked for.
		ids[1], ok[1] = id, true
	}
	for i := range ids {
		if uint64(uint32(ids[i])) == unchanged {
			ok[i] = false
		}
	}
	return ids, ok
}

// setid writes the record of a set*id call: the real, effective and saved
// user (or group) ids asked for, before and after.
func (e *Encoder) setid(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	kind := kernel.SyscallKind(ev.Kind)
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kind, ev.Ret)
	requested, asked := requestedIDs(ev)
	keys := [3][3]string{
		{schema.VigilSetidRequestedReal, schema.VigilSetidRequestedEffective, schema.VigilSetidRequestedSaved},
		{schema.VigilSetidBeforeReal, schema.VigilSetidBeforeEffective, schema.VigilSetidBeforeSaved},
		{schema.VigilSetidAfterReal, schema.VigilSetidAfterEffective, schema.VigilSetidAfterSaved},
	}
	for i := range 3 {
		if asked[i] {
			attrs.PutInt(keys[0][i], int64(uint32(requested[i])))
		}
		attrs.PutInt(keys[1][i], int64(ev.Before[i]))
		attrs.PutInt(keys[2][i], int64(ev.After[i]))
	}
	e.setBody(lr, fmt.Sprintf("%s by %s: real/effective/saved %d/%d/%d → %d/%d/%d%s", kernel.SyscallName(kind), a.name(),
		ev.Before[0], ev.Before[1], ev.Before[2], ev.After[0], ev.After[1], ev.After[2], outcome(ev.Ret)))
}

// capset writes the record of a capset call: the sets asked for, and the
// effective capabilities it gained and dropped.
func (e *Encoder) capset(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	putCapabilities(attrs, schema.VigilCapsRequestedEffective, arg(ev, argCapEffective))
	putCapabilities(attrs, schema.VigilCapsRequestedPermitted, arg(ev, argCapPermitted))
	gained := ev.After[0] &^ ev.Before[0]
	dropped := ev.Before[0] &^ ev.After[0]
	putCapabilities(attrs, schema.VigilCapsGained, gained)
	putCapabilities(attrs, schema.VigilCapsDropped, dropped)
	e.setBody(lr, fmt.Sprintf("capset by %s: %d effective capabilities gained, %d dropped%s", a.name(),
		countBits(gained), countBits(dropped), outcome(ev.Ret)))
}

func countBits(v uint64) int {
	n := 0
	for ; v != 0; v &= v - 1 {
		n++
	}
	return n
}
