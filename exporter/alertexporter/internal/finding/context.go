package finding

import (
	"net"
	"path"
	"strings"

	"github.com/vigil-sensor/vigil/internal/schema"
)

// workloadKinds are the controllers a pod can belong to, in the order that
// names the workload: a CronJob's Job is the CronJob's, a Deployment's
// ReplicaSet is the Deployment's.
var workloadKinds = []struct{ kind, attr string }{
	{"CronJob", schema.K8sCronJobName},
	{"Job", schema.K8sJobName},
	{"Deployment", schema.K8sDeploymentName},
	{"StatefulSet", schema.K8sStatefulSetName},
	{"DaemonSet", schema.K8sDaemonSetName},
}

// WorkloadAttributes are the attributes Workload reads.
func WorkloadAttributes() []string {
	out := make([]string, len(workloadKinds))
	for i, w := range workloadKinds {
		out[i] = w.attr
	}
	return out
}

// Workload is the Kubernetes workload the finding's pod belongs to, as
// its Kind and name; both "" for a host process or a bare pod.
func (f Finding) Workload() (kind, name string) {
	for _, w := range workloadKinds {
		if n := f.Attr(w.attr); n != "" {
			return w.kind, n
		}
	}
	return "", ""
}

// TechniqueURL is the ATT&CK page of the finding's technique: T1003.008 is
// https://attack.mitre.org/techniques/T1003/008/. "" without a technique.
func (f Finding) TechniqueURL() string {
	id := f.Attr(schema.VigilMitreTechniqueID)
	if id == "" {
		return ""
	}
	return "https://attack.mitre.org/techniques/" + strings.ReplaceAll(id, ".", "/") + "/"
}

// Peer is the network peer of a connect, accept or DNS query, as host:port.
func (f Finding) Peer() string {
	addr := f.Attr(schema.NetworkPeerAddress)
	if addr == "" {
		return ""
	}
	if port := f.Attr(schema.NetworkPeerPort); port != "" {
		return net.JoinHostPort(addr, port)
	}
	return addr
}

// ProcessTree is the process and its known ancestors, nearest first, each
// as name(pid): "cat(48377) ← bash(48190) ← sshd(1023)". Without the
// ancestry the receiver keeps (vigil.process.ancestors.*), the parent alone.
func (f Finding) ProcessTree() string {
	var nodes []string
	if self := f.processName(); self != "" || f.Attr(schema.ProcessPID) != "" {
		nodes = append(nodes, node(self, f.Attr(schema.ProcessPID)))
	}
	pids := f.Strings(schema.VigilAncestorsPID)
	names := f.Strings(schema.VigilAncestorsName)
	paths := f.Strings(schema.VigilAncestorsExecutable)
	for i, pid := range pids {
		name := ""
		if i < len(names) {
			name = names[i]
		}
		if name == "" && i < len(paths) && paths[i] != "" {
			name = path.Base(paths[i])
		}
		nodes = append(nodes, node(name, pid))
	}
	if len(pids) == 0 {
		parent := f.Attr(schema.VigilParentName)
		if parent == "" {
			parent = f.Attr(schema.VigilParentExecutableName)
		}
		if parent != "" || f.Attr(schema.ProcessParentPID) != "" {
			nodes = append(nodes, node(parent, f.Attr(schema.ProcessParentPID)))
		}
	}
	return strings.Join(nodes, " ← ")
}

// processName is the name the process was started as, else its
// executable's.
func (f Finding) processName() string {
	if n := f.Attr(schema.VigilProcessName); n != "" {
		return n
	}
	return f.Attr(schema.ProcessExecutableName)
}

func node(name, pid string) string {
	if name == "" {
		name = "?"
	}
	if pid == "" {
		return name
	}
	return name + "(" + pid + ")"
}
