// Package schema names every resource and record attribute Vigil emits. It is
// the code side of docs/events.md: OpenTelemetry semantic-convention names
// first, and the project prefix "vigil." only where semconv has no name.
// A test checks that docs/events.md documents each of them.
package schema

// Resource attributes: where an event happened.
const (
	ContainerID          = "container.id"
	ContainerRuntimeName = "container.runtime.name"
	K8sPodUID            = "k8s.pod.uid"
	HostName             = "host.name"
	HostID               = "host.id"
	OSType               = "os.type"
)

// Process attributes from semantic conventions.
const (
	ProcessPID              = "process.pid"
	ProcessParentPID        = "process.parent_pid"
	ProcessVPID             = "process.vpid"
	ProcessExecutablePath   = "process.executable.path"
	ProcessExecutableName   = "process.executable.name"
	ProcessCommandLine      = "process.command_line"
	ProcessCommandArgs      = "process.command_args"
	ProcessArgsCount        = "process.args_count"
	ProcessWorkingDirectory = "process.working_directory"
	ProcessUserID           = "process.user.id" // effective uid
	ProcessRealUserID       = "process.real_user.id"
	ProcessSavedUserID      = "process.saved_user.id"
	ProcessInteractive      = "process.interactive"
	ProcessCreationTime     = "process.creation.time"
	ProcessExitCode         = "process.exit.code"
	ProcessExitTime         = "process.exit.time"
	ProcessLinuxCgroup      = "process.linux.cgroup"
)

// Process attributes semantic conventions do not define.
const (
	VigilExecID                = "vigil.process.exec_id"
	VigilParentExecID          = "vigil.process.parent.exec_id"
	VigilParentExecutablePath  = "vigil.process.parent.executable.path"
	VigilParentExecutableName  = "vigil.process.parent.executable.name"
	VigilParentCommandLine     = "vigil.process.parent.command_line"
	VigilAncestorsPID          = "vigil.process.ancestors.pid"
	VigilAncestorsExecutable   = "vigil.process.ancestors.executable.path"
	VigilCommandLineTruncated  = "vigil.process.command_line.truncated"
	VigilExecFilename          = "vigil.process.exec.filename"
	VigilGroupID               = "vigil.process.group.id" // effective gid
	VigilRealGroupID           = "vigil.process.real_group.id"
	VigilSavedGroupID          = "vigil.process.saved_group.id"
	VigilLoginUserID           = "vigil.process.login_user.id"
	VigilAuditSessionID        = "vigil.process.audit_session.id"
	VigilTTY                   = "vigil.process.tty"
	VigilCapabilitiesEffective = "vigil.process.capabilities.effective"
	VigilCapabilitiesPermitted = "vigil.process.capabilities.permitted"
	VigilNamespacePID          = "vigil.process.namespace.pid"
	VigilNamespaceMnt          = "vigil.process.namespace.mnt"
	VigilNamespaceNet          = "vigil.process.namespace.net"
	VigilNamespaceUser         = "vigil.process.namespace.user"
	VigilNamespaceUTS          = "vigil.process.namespace.uts"
	VigilNamespaceIPC          = "vigil.process.namespace.ipc"
	VigilNamespaceCgroup       = "vigil.process.namespace.cgroup"
	VigilExitSignal            = "vigil.process.exit.signal"
	VigilExitCoreDumped        = "vigil.process.exit.core_dumped"
	VigilLifetime              = "vigil.process.lifetime"
	VigilContextIncomplete     = "vigil.process.context_incomplete"
)

// Attributes of sensor.loss records.
const (
	VigilLossEventName = "vigil.loss.event_name"
	VigilLossCount     = "vigil.loss.count"
	VigilLossReason    = "vigil.loss.reason"
)
