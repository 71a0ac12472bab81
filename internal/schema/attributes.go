// Package schema names every event and attribute Vigil emits. It is
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
	VigilProcessName           = "vigil.process.name" // the base name of the path given to execve
	VigilParentName            = "vigil.process.parent.name"
	VigilAncestorsName         = "vigil.process.ancestors.name"
	VigilScriptPath            = "vigil.process.script.path"
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
	VigilExecDrift             = "vigil.process.exec.drift"
)

// Attributes of a record one of whose values a workload chose was written
// in escaped form (package internal/escape).
const (
	VigilRecordSanitized           = "vigil.record.sanitized"
	VigilRecordSanitizedAttributes = "vigil.record.sanitized_attributes"
)

// Attributes of sensor.loss records.
const (
	VigilLossEventName = "vigil.loss.event_name"
	VigilLossCount     = "vigil.loss.count"
	VigilLossReason    = "vigil.loss.reason"
)

// The outcome of a traced syscall, on every syscall-level record.
const (
	ErrorType          = "error.type" // the errno name, on failure
	VigilSyscallName   = "vigil.syscall.name"
	VigilSyscallReturn = "vigil.syscall.return_value"
	VigilSyscallNumber = "vigil.syscall.number"  // a compat syscall's, in the i386 table
	VigilSyscallUserID = "vigil.syscall.user.id" // the caller's effective uid, read at the call
)

// Network and DNS.
const (
	NetworkTransport           = "network.transport"
	NetworkType                = "network.type"
	NetworkPeerAddress         = "network.peer.address"
	NetworkPeerPort            = "network.peer.port"
	NetworkLocalAddress        = "network.local.address"
	NetworkLocalPort           = "network.local.port"
	DNSQuestionName            = "dns.question.name"
	VigilNetworkDirection      = "vigil.network.direction"
	VigilNetworkConnectPending = "vigil.network.connect.pending"
	VigilDNSQuestionType       = "vigil.dns.question.type"
	VigilSocketFamily          = "vigil.socket.family"
	VigilSocketType            = "vigil.socket.type"
	VigilSocketProtocol        = "vigil.socket.protocol"
)

// Files and mounts.
const (
	FilePath                   = "file.path"
	FileName                   = "file.name"
	FileDirectory              = "file.directory"
	FileMode                   = "file.mode"
	FileSymbolicLinkTargetPath = "file.symbolic_link.target_path"
	VigilFileWatchCategory     = "vigil.file.watch_category"
	VigilFileOpenIntent        = "vigil.file.open.intent"
	VigilFileOpenFlags         = "vigil.file.open.flags"
	VigilFileModeBits          = "vigil.file.mode_bits"
	VigilFileOldPath           = "vigil.file.old_path"
	VigilFileLinkType          = "vigil.file.link.type"
	VigilFileLinkTargetPath    = "vigil.file.link.target_path"
	VigilFilePathTruncated     = "vigil.file.path.truncated"
	VigilMountSource           = "vigil.mount.source"
	VigilMountTarget           = "vigil.mount.target"
	VigilMountFSType           = "vigil.mount.fstype"
	VigilMountFlags            = "vigil.mount.flags"
)

// Memory and other processes.
const (
	VigilMemoryAddress        = "vigil.memory.address"
	VigilMemorySize           = "vigil.memory.size"
	VigilMemoryProtection     = "vigil.memory.protection"
	VigilMemoryMapFlags       = "vigil.memory.map_flags"
	VigilMemoryAnonymous      = "vigil.memory.anonymous"
	VigilMemfdName            = "vigil.memfd.name"
	VigilMemfdFlags           = "vigil.memfd.flags"
	VigilPtraceRequest        = "vigil.ptrace.request"
	VigilTargetPID            = "vigil.target.process.pid"
	VigilTargetExecID         = "vigil.target.process.exec_id"
	VigilTargetExecutablePath = "vigil.target.process.executable.path"
	VigilTargetCommandLine    = "vigil.target.process.command_line"
	VigilTargetSelf           = "vigil.target.process.self"
	VigilUserfaultfdFlags     = "vigil.userfaultfd.flags"
	VigilPersonalityDomain    = "vigil.personality.domain"
	VigilPersonalityFlags     = "vigil.personality.flags"
)

// Privilege changes. For set*gid events the ids are group ids.
const (
	VigilSetidRequestedReal      = "vigil.setid.requested.real"
	VigilSetidRequestedEffective = "vigil.setid.requested.effective"
	VigilSetidRequestedSaved     = "vigil.setid.requested.saved"
	VigilSetidBeforeReal         = "vigil.setid.before.real"
	VigilSetidBeforeEffective    = "vigil.setid.before.effective"
	VigilSetidBeforeSaved        = "vigil.setid.before.saved"
	VigilSetidAfterReal          = "vigil.setid.after.real"
	VigilSetidAfterEffective     = "vigil.setid.after.effective"
	VigilSetidAfterSaved         = "vigil.setid.after.saved"
	VigilCapsRequestedEffective  = "vigil.capabilities.requested.effective"
	VigilCapsRequestedPermitted  = "vigil.capabilities.requested.permitted"
	VigilCapsGained              = "vigil.capabilities.gained"
	VigilCapsDropped             = "vigil.capabilities.dropped"
	VigilExecSetuid              = "vigil.process.exec.setuid"
	VigilExecSetgid              = "vigil.process.exec.setgid"
)

// Kernel-level events.
const (
	VigilModuleName          = "vigil.kernel.module.name"
	VigilModuleParameters    = "vigil.kernel.module.parameters"
	VigilModuleSize          = "vigil.kernel.module.size"
	VigilBPFProgramType      = "vigil.bpf.program.type"
	VigilBPFProgramName      = "vigil.bpf.program.name"
	VigilNamespaceFlags      = "vigil.namespace.flags"
	VigilNamespaceType       = "vigil.namespace.type"
	VigilNamespaceInode      = "vigil.namespace.inode"
	VigilNamespaceTargetType = "vigil.namespace.target.type"
	VigilNamespaceTargetHost = "vigil.namespace.target.host"
	VigilIOUringEntries      = "vigil.io_uring.entries"
	VigilIOUringFlags        = "vigil.io_uring.flags"
	VigilPivotRootPutOld     = "vigil.pivot_root.put_old"
)

// Kubernetes and cloud context (the workload processor), semantic conventions.
const (
	K8sClusterName         = "k8s.cluster.name"
	K8sNamespaceName       = "k8s.namespace.name"
	K8sPodName             = "k8s.pod.name"
	K8sPodStartTime        = "k8s.pod.start_time"
	K8sContainerName       = "k8s.container.name"
	K8sNodeName            = "k8s.node.name"
	K8sDeploymentName      = "k8s.deployment.name"
	K8sReplicaSetName      = "k8s.replicaset.name"
	K8sStatefulSetName     = "k8s.statefulset.name"
	K8sDaemonSetName       = "k8s.daemonset.name"
	K8sJobName             = "k8s.job.name"
	K8sCronJobName         = "k8s.cronjob.name"
	K8sPodLabelPrefix      = "k8s.pod.label."      // + the label's key
	K8sPodAnnotationPrefix = "k8s.pod.annotation." // + the annotation's key
	ContainerImageName     = "container.image.name"
	ContainerImageTags     = "container.image.tags"
	CloudProvider          = "cloud.provider"
	CloudPlatform          = "cloud.platform"
	CloudRegion            = "cloud.region"
	CloudAvailabilityZone  = "cloud.availability_zone"
	CloudAccountID         = "cloud.account.id"
	HostType               = "host.type"
)

// Security posture of the workload (the workload processor).
const (
	VigilK8sAssociation                = "vigil.k8s.association"
	VigilK8sPrivileged                 = "vigil.k8s.container.privileged"
	VigilK8sAllowPrivilegeEscalation   = "vigil.k8s.container.allow_privilege_escalation"
	VigilK8sRunsAsRoot                 = "vigil.k8s.container.runs_as_root"
	VigilK8sCapabilitiesAdded          = "vigil.k8s.container.capabilities.added"
	VigilK8sHostPaths                  = "vigil.k8s.container.host_paths"
	VigilK8sHostPathWritable           = "vigil.k8s.container.host_path.writable"
	VigilK8sHostPathRuntimeSocket      = "vigil.k8s.container.host_path.runtime_socket"
	VigilK8sHostPathRoot               = "vigil.k8s.container.host_path.root"
	VigilK8sHostNetwork                = "vigil.k8s.pod.host_network"
	VigilK8sHostPID                    = "vigil.k8s.pod.host_pid"
	VigilK8sHostIPC                    = "vigil.k8s.pod.host_ipc"
	VigilK8sServiceAccountName         = "vigil.k8s.service_account.name"
	VigilK8sServiceAccountToken        = "vigil.k8s.service_account.token_mounted"
	VigilK8sServiceAccountClusterAdmin = "vigil.k8s.service_account.cluster_admin"
	VigilK8sServiceAccountWildcard     = "vigil.k8s.service_account.wildcard_verbs"
	VigilK8sServiceAccountSecrets      = "vigil.k8s.service_account.reads_secrets"
	VigilK8sServiceAccountBindings     = "vigil.k8s.service_account.bindings"
)

// Findings (the detection processor): semantic conventions for the rule,
// project names for what they do not cover.
const (
	SecurityRuleUUID        = "security_rule.uuid"
	SecurityRuleName        = "security_rule.name"
	SecurityRuleDescription = "security_rule.description"
	SecurityRuleCategory    = "security_rule.category"
	SecurityRuleRulesetName = "security_rule.ruleset.name"
	SecurityRuleReference   = "security_rule.reference"

	VigilMitreTacticID      = "vigil.mitre.tactic.id"
	VigilMitreTacticName    = "vigil.mitre.tactic.name"
	VigilMitreTechniqueID   = "vigil.mitre.technique.id"
	VigilMitreTechniqueName = "vigil.mitre.technique.name"
	VigilFindingSeverity    = "vigil.finding.severity"
	VigilFindingRules       = "vigil.finding.rules"
	VigilFindingTechniques  = "vigil.finding.techniques"
	VigilFindingRiskScore   = "vigil.finding.risk_score"
	VigilFindingRiskReasons = "vigil.finding.risk_reasons"
	VigilFindingCount       = "vigil.finding.count"
	VigilFindingFolded      = "vigil.finding.folded"
)
