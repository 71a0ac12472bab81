// Package kube keeps what the workload processor needs to know about the
// cluster — pods and their containers, their owners, nodes and RBAC — in
// memory, kept current by informers, indexed for a lookup per record batch.
package kube

import (
	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/posture"
)

// Pod is the part of a pod the processor uses. Pods are replaced, never
// modified, once stored: readers need no lock on them.
type Pod struct {
	UID, Name, Namespace, Node string
	// StartTime is k8s.pod.start_time (RFC 3339, UTC), formatted once here
	// rather than for every batch; empty before the pod starts.
	StartTime string
	// Owner is the pod's controller as the pod names it (ReplicaSet, Job,
	// StatefulSet, DaemonSet…); the workload above it is resolved at lookup.
	Owner       Ref
	Labels      map[string]string // only the configured ones
	Annotations map[string]string // only the configured ones
	Posture     posture.Pod
	Containers  []*Container
}

// Container is one container of a pod.
type Container struct {
	Name      string
	ID        string // the runtime's id, without the "containerd://" scheme
	ImageName string
	ImageTags []string
	Posture   posture.Container
	Pod       *Pod
}

// Ref names an object by kind and name, in the pod's namespace.
type Ref struct {
	Kind, Name string
}

// Workload is the controller that owns a pod, followed up the chain:
// ReplicaSet → Deployment, Job → CronJob.
type Workload struct {
	Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob string
}
