// Package posture reads from a pod's spec how much a container could do if
// it were compromised: privileges, host namespaces, host paths. These are the
// facts that make the same suspicious action more or less serious.
package posture

import (
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Container is the security posture of one container of a pod.
type Container struct {
	Privileged bool
	// AllowPrivilegeEscalation: a process may gain more privileges than its
	// parent (set-uid binaries). Kubernetes allows it unless the spec says no.
	AllowPrivilegeEscalation bool
	// RunsAsRoot: the spec does not keep the container off uid 0 (no
	// non-zero runAsUser, no runAsNonRoot). The image's own user is not known.
	RunsAsRoot        bool
	CapabilitiesAdded []string // "CAP_NET_ADMIN"…
	HostPaths         []HostPath
}

// HostPath is a host directory or file mounted into the container.
type HostPath struct {
	Path     string
	Writable bool
}

// Pod is the posture shared by a pod's containers.
type Pod struct {
	HostNetwork, HostPID, HostIPC bool
	ServiceAccount                string
	// TokenMounted: the service account's token is in the pod's file system
	// (automountServiceAccountToken not false), where a compromised
	// container can read it.
	TokenMounted bool
}

// OfPod reads the pod-level posture.
func OfPod(pod *corev1.Pod) Pod {
	sa := pod.Spec.ServiceAccountName
	if sa == "" {
		sa = "default"
	}
	return Pod{
		HostNetwork:    pod.Spec.HostNetwork,
		HostPID:        pod.Spec.HostPID,
		HostIPC:        pod.Spec.HostIPC,
		ServiceAccount: sa,
		TokenMounted:   pod.Spec.AutomountServiceAccountToken == nil || *pod.Spec.AutomountServiceAccountToken,
	}
}

// OfContainer reads a container's posture; pod-level security context
// settings apply where the container does not set its own.
func OfContainer(pod *corev1.Pod, c *corev1.Container) Container {
	sc := c.SecurityContext
	if sc == nil {
		sc = &corev1.SecurityContext{}
	}
	psc := pod.Spec.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	out := Container{Privileged: sc.Privileged != nil && *sc.Privileged}

	// Privileged containers and CAP_SYS_ADMIN always allow escalation.
	out.AllowPrivilegeEscalation = sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || out.Privileged

	runAsUser, runAsNonRoot := sc.RunAsUser, sc.RunAsNonRoot
	if runAsUser == nil {
		runAsUser = psc.RunAsUser
	}
	if runAsNonRoot == nil {
		runAsNonRoot = psc.RunAsNonRoot
	}
	switch {
	case runAsUser != nil:
		out.RunsAsRoot = *runAsUser == 0
	default:
		out.RunsAsRoot = runAsNonRoot == nil || !*runAsNonRoot
	}

	if sc.Capabilities != nil {
		for _, capability := range sc.Capabilities.Add {
			name := strings.ToUpper(string(capability))
			if !strings.HasPrefix(name, "CAP_") {
				name = "CAP_" + name
			}
			out.CapabilitiesAdded = append(out.CapabilitiesAdded, name)
			if name == "CAP_SYS_ADMIN" {
				out.AllowPrivilegeEscalation = true
			}
		}
	}

	hostPaths := map[string]string{}
	for _, v := range pod.Spec.Volumes {
		if v.HostPath != nil {
			hostPaths[v.Name] = v.HostPath.Path
		}
	}
	for _, m := range c.VolumeMounts {
		if p, ok := hostPaths[m.Name]; ok {
			if m.SubPath != "" {
				p = path.Join(p, m.SubPath)
			}
			out.HostPaths = append(out.HostPaths, HostPath{Path: p, Writable: !m.ReadOnly})
		}
	}
	return out
}

// runtimeSockets are the container runtimes' control sockets: whoever can
// write to one controls every container on the node.
var runtimeSockets = []string{
	"/var/run/docker.sock", "/run/docker.sock",
	"/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock",
	"/run/crio/crio.sock", "/var/run/crio/crio.sock",
	"/run/podman/podman.sock", "/var/run/podman/podman.sock",
	"/run/k3s/containerd/containerd.sock",
}

// ExposesRuntimeSocket tells whether a host path is, or contains, a
// container runtime socket.
func (h HostPath) ExposesRuntimeSocket() bool {
	p := path.Clean(h.Path)
	for _, s := range runtimeSockets {
		if p == s || strings.HasPrefix(s, strings.TrimSuffix(p, "/")+"/") {
			return true
		}
	}
	return false
}

// IsRoot tells whether the host's whole file system is mounted.
func (h HostPath) IsRoot() bool { return path.Clean(h.Path) == "/" }
