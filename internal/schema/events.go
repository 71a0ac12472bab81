package schema

// EventName of every record Vigil emits; docs/events.md says what each carries.
const (
	ProcessExec = "process.exec"
	ProcessExit = "process.exit"
	ProcessFork = "process.fork"
	SensorLoss  = "sensor.loss"
)

// Syscall-level events, by group.
const (
	NetworkConnect = "network.connect"
	NetworkAccept  = "network.accept"
	NetworkListen  = "network.listen"
	NetworkSocket  = "network.socket"
	DNSQuery       = "dns.query"

	FileOpen   = "file.open"
	FileUnlink = "file.unlink"
	FileRename = "file.rename"
	FileChmod  = "file.chmod"
	FileLink   = "file.link"
	FileMkdir  = "file.mkdir"

	MemoryProtect      = "memory.protect"
	MemoryMemfdCreate  = "memory.memfd_create"
	ProcessVMWrite     = "process.vm_write"
	ProcessPtrace      = "process.ptrace"
	MemoryUserfaultfd  = "memory.userfaultfd"
	ProcessPersonality = "process.personality"

	ProcessSetuid    = "process.setuid"
	ProcessSetgid    = "process.setgid"
	ProcessSetreuid  = "process.setreuid"
	ProcessSetregid  = "process.setregid"
	ProcessSetresuid = "process.setresuid"
	ProcessSetresgid = "process.setresgid"
	ProcessCapset    = "process.capset"

	KernelModuleLoad = "kernel.module_load"
	BPFProgramLoad   = "bpf.program_load"
	KernelUnshare    = "kernel.unshare"
	KernelSetns      = "kernel.setns"
	FileMount        = "file.mount"
	KernelChroot     = "kernel.chroot"
	KernelPivotRoot  = "kernel.pivot_root"

	KernelCloneNamespaces = "kernel.clone_namespaces"
	KernelIOUringSetup    = "kernel.io_uring_setup"
	KernelCompatSyscall   = "kernel.compat_syscall"
)
