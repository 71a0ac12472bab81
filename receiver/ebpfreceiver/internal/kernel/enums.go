package kernel

// Exported names of the generated enums of bpf/include/events.h.

// Syscall kinds.
const (
	SyscallConnect         = bpfSyscallKindSC_CONNECT
	SyscallAccept          = bpfSyscallKindSC_ACCEPT
	SyscallAccept4         = bpfSyscallKindSC_ACCEPT4
	SyscallListen          = bpfSyscallKindSC_LISTEN
	SyscallSendto          = bpfSyscallKindSC_SENDTO
	SyscallSendmsg         = bpfSyscallKindSC_SENDMSG
	SyscallSendmmsg        = bpfSyscallKindSC_SENDMMSG
	SyscallOpen            = bpfSyscallKindSC_OPEN
	SyscallOpenat          = bpfSyscallKindSC_OPENAT
	SyscallOpenat2         = bpfSyscallKindSC_OPENAT2
	SyscallCreat           = bpfSyscallKindSC_CREAT
	SyscallUnlink          = bpfSyscallKindSC_UNLINK
	SyscallUnlinkat        = bpfSyscallKindSC_UNLINKAT
	SyscallRename          = bpfSyscallKindSC_RENAME
	SyscallRenameat        = bpfSyscallKindSC_RENAMEAT
	SyscallRenameat2       = bpfSyscallKindSC_RENAMEAT2
	SyscallChmod           = bpfSyscallKindSC_CHMOD
	SyscallFchmod          = bpfSyscallKindSC_FCHMOD
	SyscallFchmodat        = bpfSyscallKindSC_FCHMODAT
	SyscallFchmodat2       = bpfSyscallKindSC_FCHMODAT2
	SyscallLink            = bpfSyscallKindSC_LINK
	SyscallLinkat          = bpfSyscallKindSC_LINKAT
	SyscallSymlink         = bpfSyscallKindSC_SYMLINK
	SyscallSymlinkat       = bpfSyscallKindSC_SYMLINKAT
	SyscallMmap            = bpfSyscallKindSC_MMAP
	SyscallMprotect        = bpfSyscallKindSC_MPROTECT
	SyscallPkeyMprotect    = bpfSyscallKindSC_PKEY_MPROTECT
	SyscallMemfdCreate     = bpfSyscallKindSC_MEMFD_CREATE
	SyscallProcessVMWritev = bpfSyscallKindSC_PROCESS_VM_WRITEV
	SyscallPtrace          = bpfSyscallKindSC_PTRACE
	SyscallSetuid          = bpfSyscallKindSC_SETUID
	SyscallSetgid          = bpfSyscallKindSC_SETGID
	SyscallSetreuid        = bpfSyscallKindSC_SETREUID
	SyscallSetregid        = bpfSyscallKindSC_SETREGID
	SyscallSetresuid       = bpfSyscallKindSC_SETRESUID
	SyscallSetresgid       = bpfSyscallKindSC_SETRESGID
	SyscallCapset          = bpfSyscallKindSC_CAPSET
	SyscallInitModule      = bpfSyscallKindSC_INIT_MODULE
	SyscallFinitModule     = bpfSyscallKindSC_FINIT_MODULE
	SyscallBPF             = bpfSyscallKindSC_BPF
	SyscallUnshare         = bpfSyscallKindSC_UNSHARE
	SyscallSetns           = bpfSyscallKindSC_SETNS
	SyscallMount           = bpfSyscallKindSC_MOUNT
	SyscallChroot          = bpfSyscallKindSC_CHROOT
	SyscallPivotRoot       = bpfSyscallKindSC_PIVOT_ROOT
	SyscallWrite           = bpfSyscallKindSC_WRITE
	SyscallMkdir           = bpfSyscallKindSC_MKDIR
	SyscallMkdirat         = bpfSyscallKindSC_MKDIRAT
	SyscallSocket          = bpfSyscallKindSC_SOCKET
	SyscallUserfaultfd     = bpfSyscallKindSC_USERFAULTFD
	SyscallPersonality     = bpfSyscallKindSC_PERSONALITY
	SyscallClone           = bpfSyscallKindSC_CLONE
	SyscallClone3          = bpfSyscallKindSC_CLONE3
	SyscallFsopen          = bpfSyscallKindSC_FSOPEN
	SyscallFsmount         = bpfSyscallKindSC_FSMOUNT
	SyscallMoveMount       = bpfSyscallKindSC_MOVE_MOUNT
	SyscallOpenTree        = bpfSyscallKindSC_OPEN_TREE
	SyscallIOUringSetup    = bpfSyscallKindSC_IO_URING_SETUP
	// SyscallCompat is any 32-bit syscall (compat.h), not one of the
	// native table: its records name the call by its 32-bit number.
	SyscallCompat = bpfSyscallKindSC_COMPAT_SYSCALL
)

// Record types beyond the process ones (decode.go).
const (
	TypeNetworkConnect        = bpfEventTypeEVENT_NETWORK_CONNECT
	TypeNetworkAccept         = bpfEventTypeEVENT_NETWORK_ACCEPT
	TypeNetworkListen         = bpfEventTypeEVENT_NETWORK_LISTEN
	TypeDNSQuery              = bpfEventTypeEVENT_DNS_QUERY
	TypeFileOpen              = bpfEventTypeEVENT_FILE_OPEN
	TypeFileUnlink            = bpfEventTypeEVENT_FILE_UNLINK
	TypeFileRename            = bpfEventTypeEVENT_FILE_RENAME
	TypeFileChmod             = bpfEventTypeEVENT_FILE_CHMOD
	TypeFileLink              = bpfEventTypeEVENT_FILE_LINK
	TypeFileMkdir             = bpfEventTypeEVENT_FILE_MKDIR
	TypeMemoryProtect         = bpfEventTypeEVENT_MEMORY_PROTECT
	TypeMemoryMemfdCreate     = bpfEventTypeEVENT_MEMORY_MEMFD_CREATE
	TypeProcessVMWrite        = bpfEventTypeEVENT_PROCESS_VM_WRITE
	TypeProcessPtrace         = bpfEventTypeEVENT_PROCESS_PTRACE
	TypeProcessSetuid         = bpfEventTypeEVENT_PROCESS_SETUID
	TypeProcessSetgid         = bpfEventTypeEVENT_PROCESS_SETGID
	TypeProcessSetreuid       = bpfEventTypeEVENT_PROCESS_SETREUID
	TypeProcessSetregid       = bpfEventTypeEVENT_PROCESS_SETREGID
	TypeProcessSetresuid      = bpfEventTypeEVENT_PROCESS_SETRESUID
	TypeProcessSetresgid      = bpfEventTypeEVENT_PROCESS_SETRESGID
	TypeProcessCapset         = bpfEventTypeEVENT_PROCESS_CAPSET
	TypeKernelModuleLoad      = bpfEventTypeEVENT_KERNEL_MODULE_LOAD
	TypeBPFProgramLoad        = bpfEventTypeEVENT_BPF_PROGRAM_LOAD
	TypeKernelUnshare         = bpfEventTypeEVENT_KERNEL_UNSHARE
	TypeKernelSetns           = bpfEventTypeEVENT_KERNEL_SETNS
	TypeFileMount             = bpfEventTypeEVENT_FILE_MOUNT
	TypeKernelChroot          = bpfEventTypeEVENT_KERNEL_CHROOT
	TypeKernelPivotRoot       = bpfEventTypeEVENT_KERNEL_PIVOT_ROOT
	TypeNetworkSocket         = bpfEventTypeEVENT_NETWORK_SOCKET
	TypeMemoryUserfaultfd     = bpfEventTypeEVENT_MEMORY_USERFAULTFD
	TypeProcessPersonality    = bpfEventTypeEVENT_PROCESS_PERSONALITY
	TypeKernelCloneNamespaces = bpfEventTypeEVENT_KERNEL_CLONE_NAMESPACES
	TypeKernelIOUringSetup    = bpfEventTypeEVENT_KERNEL_IO_URING_SETUP
	TypeKernelCompatSyscall   = bpfEventTypeEVENT_KERNEL_COMPAT_SYSCALL
)
