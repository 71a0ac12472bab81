package kernel

import (
	"fmt"
	"slices"
	"strings"
)

// What each syscall kind leaves where in a syscall_event is described once,
// in the table beside struct syscall_event in bpf/include/events.h.
// syscallLayouts is its copy, held equal to it by a test, and encoders read
// a record's arguments and strings by name through it (ArgNamed, StrNamed):
// where a value sits is written in that one row per kind, not again in a
// switch on the kind in each encoder.

// SyscallKindMax bounds the syscall kinds.
const SyscallKindMax = int(bpfSyscallKindSC_KIND_MAX)

// Held is what a syscall record's before and after hold.
type Held uint8

// What before and after can hold (the before/after column).
const (
	HeldNothing Held = iota
	HeldUIDs         // uid, euid, suid
	HeldGIDs         // gid, egid, sgid
	HeldCaps         // the effective, permitted and inheritable capability sets
	// HeldNamespace: after[0] is the inode of the file a setns descriptor
	// refers to, after[1] a namespace file's type (CLONE_NEW*), after[2]
	// the pid a pidfd refers to.
	HeldNamespace
)

// String is how the table in events.h writes h.
func (h Held) String() string {
	return [...]string{HeldNothing: "-", HeldUIDs: "uids", HeldGIDs: "gids", HeldCaps: "caps", HeldNamespace: "ns"}[h]
}

// SyscallLayout is what a syscall kind leaves in a syscall_event: one row
// of the table.
type SyscallLayout struct {
	// Args names args[0..5], comma-separated. A [name] is a value the probe
	// wrote over a pointer argument (or a slot past the last argument).
	Args string
	// Str names str[0..2], comma-separated; "-" holds a place, "" is none.
	Str  string
	Held Held
}

// syscallLayouts are the layouts by kind. The kinds of network and DNS
// records write a net_event and have none.
var syscallLayouts = [SyscallKindMax]SyscallLayout{
	SyscallOpen:            {Args: "pathname, flags, mode", Str: "path"},
	SyscallOpenat:          {Args: "dirfd, pathname, flags, mode", Str: "path"},
	SyscallOpenat2:         {Args: "dirfd, pathname, [flags], [mode]", Str: "path"},
	SyscallCreat:           {Args: "pathname, mode", Str: "path"},
	SyscallUnlink:          {Args: "pathname", Str: "path"},
	SyscallUnlinkat:        {Args: "dirfd, pathname, flags", Str: "path"},
	SyscallRename:          {Args: "oldpath, newpath", Str: "oldpath, newpath"},
	SyscallRenameat:        {Args: "olddirfd, oldpath, newdirfd, newpath", Str: "oldpath, newpath"},
	SyscallRenameat2:       {Args: "olddirfd, oldpath, newdirfd, newpath, flags", Str: "oldpath, newpath"},
	SyscallChmod:           {Args: "pathname, mode", Str: "path"},
	SyscallFchmod:          {Args: "fd, mode", Str: "path"},
	SyscallFchmodat:        {Args: "dirfd, pathname, mode", Str: "path"},
	SyscallFchmodat2:       {Args: "dirfd, pathname, mode, flags", Str: "path"},
	SyscallLink:            {Args: "oldpath, newpath", Str: "path, target"},
	SyscallLinkat:          {Args: "olddirfd, oldpath, newdirfd, newpath, flags", Str: "path, target"},
	SyscallSymlink:         {Args: "target, linkpath", Str: "path, target"},
	SyscallSymlinkat:       {Args: "target, newdirfd, linkpath", Str: "path, target"},
	SyscallMkdir:           {Args: "pathname, mode", Str: "path"},
	SyscallMkdirat:         {Args: "dirfd, pathname, mode", Str: "path"},
	SyscallMmap:            {Args: "addr, len, prot, flags, fd, offset", Str: "path"},
	SyscallMprotect:        {Args: "addr, len, prot"},
	SyscallPkeyMprotect:    {Args: "addr, len, prot, pkey"},
	SyscallMemfdCreate:     {Args: "name, flags", Str: "name"},
	SyscallProcessVMWritev: {Args: "pid, local_iov, liovcnt, remote_iov, riovcnt, flags"},
	SyscallPtrace:          {Args: "request, pid, addr, data"},
	SyscallSetuid:          {Args: "uid", Held: HeldUIDs},
	SyscallSetgid:          {Args: "gid", Held: HeldGIDs},
	SyscallSetreuid:        {Args: "ruid, euid", Held: HeldUIDs},
	SyscallSetregid:        {Args: "rgid, egid", Held: HeldGIDs},
	SyscallSetresuid:       {Args: "ruid, euid, suid", Held: HeldUIDs},
	SyscallSetresgid:       {Args: "rgid, egid, sgid", Held: HeldGIDs},
	SyscallCapset:          {Args: "hdrp, [effective], [permitted], [inheritable]", Held: HeldCaps},
	SyscallInitModule:      {Args: "image, len, params", Str: "-, params"},
	SyscallFinitModule:     {Args: "fd, params, flags", Str: "path, params"},
	SyscallBPF:             {Args: "cmd, [prog_type], size"},
	SyscallUnshare:         {Args: "flags"},
	SyscallSetns:           {Args: "fd, nstype, [host_types]", Held: HeldNamespace},
	SyscallMount:           {Args: "source, target, fstype, flags, data", Str: "source, target, fstype"},
	SyscallChroot:          {Args: "path", Str: "path"},
	SyscallPivotRoot:       {Args: "new_root, put_old", Str: "new_root, put_old"},
	SyscallSocket:          {Args: "family, type, protocol"},
	SyscallUserfaultfd:     {Args: "flags, [caller_euid]"},
	SyscallPersonality:     {Args: "persona"},
	SyscallClone:           {Args: "flags"},
	SyscallClone3:          {Args: "uargs, size, [flags]"},
	SyscallFsopen:          {Args: "fsname, flags", Str: "fstype"},
	SyscallFsmount:         {Args: "fs_fd, flags, attr_flags", Str: "source, fstype"},
	SyscallMoveMount:       {Args: "from_dfd, from_pathname, to_dfd, to_pathname, flags", Str: "source, target, fstype"},
	SyscallOpenTree:        {Args: "dfd, filename, flags", Str: "source, fstype"},
	SyscallIOUringSetup:    {Args: "entries, params, [flags]"},
	SyscallCompat:          {Args: "nr"},
}

// LayoutOf is the layout of a kind's records; ok is false for a kind that
// writes no syscall_event.
func LayoutOf(kind SyscallKind) (l SyscallLayout, ok bool) {
	if int(kind) >= SyscallKindMax {
		return SyscallLayout{}, false
	}
	l = syscallLayouts[kind]
	return l, l.Args != ""
}

// slots is where a named value sits in the records of each kind: its index
// in args or str, -1 where the kind has none.
type slots [SyscallKindMax]int8

func (s *slots) of(kind uint16) int8 {
	if int(kind) >= SyscallKindMax {
		return -1
	}
	return s[kind]
}

// Arg is an argument found by name in the layout of each kind.
type Arg struct{ at slots }

// Str is a string found by name in the layout of each kind.
type Str struct{ at slots }

// ArgNamed is the argument called by one of names in the kinds that have
// one. It panics when no kind has (a misspelt name): call it when the
// program starts, from a package variable.
func ArgNamed(names ...string) *Arg {
	return &Arg{at: find(names, func(l *SyscallLayout) string { return l.Args })}
}

// StrNamed is the string called by one of names in the kinds that have one;
// it panics like ArgNamed.
func StrNamed(names ...string) *Str {
	return &Str{at: find(names, func(l *SyscallLayout) string { return l.Str })}
}

func find(names []string, list func(*SyscallLayout) string) slots {
	var s slots
	found := false
	for kind := range syscallLayouts {
		s[kind] = -1
		for i, name := range layoutNames(list(&syscallLayouts[kind])) {
			if slices.Contains(names, strings.Trim(name, "[]")) {
				s[kind], found = int8(i), true
			}
		}
	}
	if !found {
		panic(fmt.Sprintf("kernel: no syscall layout names a value %q", names))
	}
	return s
}

// layoutNames splits a list of the table ("dirfd, pathname, flags").
func layoutNames(list string) []string {
	if list == "" {
		return nil
	}
	return strings.Split(list, ", ")
}

// Arg is the record's argument a, and whether its kind has one.
func (s *Syscall) Arg(a *Arg) (uint64, bool) {
	i := a.at.of(s.Kind)
	if i < 0 {
		return 0, false
	}
	return s.Args[i], true
}

// Text is the record's string f and whether it was cut to fit; nil when its
// kind has none.
func (s *Syscall) Text(f *Str) (text []byte, truncated bool) {
	i := f.at.of(s.Kind)
	if i < 0 {
		return nil, false
	}
	return s.Str[i], s.StrTruncated(int(i))
}

// Held is what the record's before and after hold.
func (s *Syscall) Held() Held {
	l, _ := LayoutOf(SyscallKind(s.Kind))
	return l.Held
}
