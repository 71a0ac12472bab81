// Package workloadprocessor adds to each record the Kubernetes workload it
// came from — pod, container, owner, node, cluster — with the workload's
// security posture, its service account's power and its cloud identity.
//
//go:generate mdatagen metadata.yaml
package workloadprocessor
