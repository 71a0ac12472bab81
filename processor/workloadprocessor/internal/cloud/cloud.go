// Package cloud derives a node's cloud identity from what Kubernetes already
// knows about it — spec.providerID and the well-known topology labels —
// without calling any metadata service.
package cloud

import (
	"strings"
)

// Identity is what the node's records say about where it runs. Empty fields
// are unknown.
type Identity struct {
	Provider         string // cloud.provider: aws, gcp, azure, …
	Platform         string // cloud.platform, when the provider ID tells (aws_ec2…)
	Region           string // cloud.region
	AvailabilityZone string // cloud.availability_zone
	AccountID        string // cloud.account.id: AWS account, GCP project, Azure subscription
	InstanceID       string // host.id: the provider's instance id
	InstanceType     string // host.type
}

// Well-known node labels (k8s.io/api/core/v1 well_known_labels.go).
const (
	labelRegion       = "topology.kubernetes.io/region"
	labelZone         = "topology.kubernetes.io/zone"
	labelRegionBeta   = "failure-domain.beta.kubernetes.io/region"
	labelZoneBeta     = "failure-domain.beta.kubernetes.io/zone"
	labelInstanceType = "node.kubernetes.io/instance-type"
	labelInstanceBeta = "beta.kubernetes.io/instance-type"
)

// FromNode combines the provider ID with the node's labels; labels fill what
// the provider ID does not say.
func FromNode(providerID string, labels map[string]string) Identity {
	id := ParseProviderID(providerID)
	if id.Region == "" {
		id.Region = first(labels, labelRegion, labelRegionBeta)
	}
	if id.AvailabilityZone == "" {
		id.AvailabilityZone = first(labels, labelZone, labelZoneBeta)
	}
	id.InstanceType = first(labels, labelInstanceType, labelInstanceBeta)
	return id
}

func first(labels map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := labels[k]; v != "" {
			return v
		}
	}
	return ""
}

// ParseProviderID reads a node's spec.providerID:
//
//	aws:///us-east-1a/i-0123456789abcdef0
//	aws:///i-0123456789abcdef0                    (zone unknown)
//	aws://arn:aws:ec2:us-east-1:123456789012:instance/i-0123…   (some installers)
//	gce://my-project/europe-west1-b/gke-pool-1-abcd
//	azure:///subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachines/<vm>
//	azure:///subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachineScaleSets/<vmss>/virtualMachines/<n>
//	digitalocean://123456, hcloud://123456, openstack:///<uuid>, ibm://…, oci://…, vsphere://…, kind://docker/kind/kind-control-plane
//
// Unknown schemes give the scheme as the provider and the last path
// element as the instance id.
func ParseProviderID(providerID string) Identity {
	scheme, rest, ok := strings.Cut(providerID, "://")
	if !ok || scheme == "" {
		return Identity{}
	}
	rest = strings.TrimPrefix(rest, "/")
	switch scheme {
	case "aws":
		return parseAWS(rest)
	case "gce":
		return parseGCE(rest)
	case "azure":
		return parseAzure(rest)
	}
	id := Identity{Provider: providerName(scheme)}
	if parts := strings.Split(strings.Trim(rest, "/"), "/"); len(parts) > 0 {
		id.InstanceID = parts[len(parts)-1]
	}
	return id
}

// providerName maps provider ID schemes to cloud.provider values where
// semantic conventions name the provider differently.
func providerName(scheme string) string {
	switch scheme {
	case "hcloud":
		return "hetzner"
	case "openstack":
		return "openstack"
	case "ibm":
		return "ibm_cloud"
	case "oci":
		return "oracle_cloud"
	}
	return scheme
}

func parseAWS(rest string) Identity {
	id := Identity{Provider: "aws", Platform: "aws_ec2"}
	if strings.HasPrefix(rest, "arn:") {
		// arn:aws:ec2:<region>:<account>:instance/<id>
		f := strings.Split(rest, ":")
		if len(f) >= 6 {
			id.Region, id.AccountID = f[3], f[4]
			id.InstanceID = strings.TrimPrefix(f[5], "instance/")
		}
		return id
	}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	switch len(parts) {
	case 1:
		id.InstanceID = parts[0]
	case 2:
		id.AvailabilityZone, id.InstanceID = parts[0], parts[1]
		id.Region = awsRegion(parts[0])
	}
	if strings.HasPrefix(id.InstanceID, "fargate-") {
		id.Platform = "aws_eks"
	}
	return id
}

// awsRegion is the region of an availability zone: "us-east-1a" → "us-east-1"
// (and local or wavelength zones: "us-west-2-lax-1a" → "us-west-2").
func awsRegion(zone string) string {
	f := strings.Split(zone, "-")
	if len(f) < 3 {
		return ""
	}
	n := strings.TrimRightFunc(f[2], func(r rune) bool { return r >= 'a' && r <= 'z' })
	if n == "" {
		return ""
	}
	return f[0] + "-" + f[1] + "-" + n
}

func parseGCE(rest string) Identity {
	// <project>/<zone>/<instance>
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	id := Identity{Provider: "gcp", Platform: "gcp_compute_engine"}
	if len(parts) != 3 {
		return id
	}
	id.AccountID, id.AvailabilityZone, id.InstanceID = parts[0], parts[1], parts[2]
	if i := strings.LastIndexByte(parts[1], '-'); i > 0 {
		id.Region = parts[1][:i]
	}
	return id
}

func parseAzure(rest string) Identity {
	id := Identity{Provider: "azure", Platform: "azure_vm"}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		switch strings.ToLower(parts[i]) {
		case "subscriptions":
			id.AccountID = parts[i+1]
		case "virtualmachines":
			id.InstanceID = parts[i+1]
		}
	}
	// A scale set instance is named "<vmss>/virtualMachines/<n>": keep both.
	for i := 0; i+3 < len(parts); i++ {
		if strings.EqualFold(parts[i], "virtualMachineScaleSets") && strings.EqualFold(parts[i+2], "virtualMachines") {
			id.InstanceID = parts[i+1] + "_" + parts[i+3]
		}
	}
	return id
}
