package kernel

// NamespaceTarget is what the descriptor of a setns refers to, as the
// kernel read it (the ns row of the layout table in events.h).
type NamespaceTarget struct {
	// Inode is the file's: for a namespace file, the namespace's.
	Inode uint64
	// Type is a namespace file's type (a CLONE_NEW* flag); 0 for a pidfd
	// or another file.
	Type uint64
	// PID is the process a pidfd refers to, in the initial pid namespace;
	// 0 for a namespace file or another file.
	PID uint32
	// HostTypes are the CLONE_NEW* types, of the namespace file or of the
	// pidfd's process, whose namespace is the host's.
	HostTypes uint64
}

var argHostTypes = ArgNamed("host_types")

// NamespaceTarget is what a setns record's descriptor refers to; ok is
// false for a record of another kind.
func (s *Syscall) NamespaceTarget() (NamespaceTarget, bool) {
	if s.Held() != HeldNamespace {
		return NamespaceTarget{}, false
	}
	hostTypes, _ := s.Arg(argHostTypes)
	return NamespaceTarget{Inode: s.After[0], Type: s.After[1], PID: uint32(s.After[2]), HostTypes: hostTypes}, true
}
