package cloud

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseProviderID(t *testing.T) {
	for _, tt := range []struct {
		name, providerID string
		want             Identity
	}{
		{"aws with zone", "aws:///us-east-1a/i-0123456789abcdef0",
			Identity{Provider: "aws", Platform: "aws_ec2", Region: "us-east-1", AvailabilityZone: "us-east-1a", InstanceID: "i-0123456789abcdef0"}},
		{"aws local zone", "aws:///us-west-2-lax-1a/i-0abc",
			Identity{Provider: "aws", Platform: "aws_ec2", Region: "us-west-2", AvailabilityZone: "us-west-2-lax-1a", InstanceID: "i-0abc"}},
		{"aws without zone", "aws:///i-0123456789abcdef0",
			Identity{Provider: "aws", Platform: "aws_ec2", InstanceID: "i-0123456789abcdef0"}},
		{"aws arn", "aws://arn:aws:ec2:eu-west-1:123456789012:instance/i-0fedcba",
			Identity{Provider: "aws", Platform: "aws_ec2", Region: "eu-west-1", AccountID: "123456789012", InstanceID: "i-0fedcba"}},
		{"eks fargate", "aws:///us-east-1b/fargate-ip-10-0-1-2.ec2.internal",
			Identity{Provider: "aws", Platform: "aws_eks", Region: "us-east-1", AvailabilityZone: "us-east-1b", InstanceID: "fargate-ip-10-0-1-2.ec2.internal"}},
		{"gke", "gce://my-project-123/europe-west1-b/gke-prod-pool-1-8a2b3c4d-x9z0",
			Identity{Provider: "gcp", Platform: "gcp_compute_engine", Region: "europe-west1", AvailabilityZone: "europe-west1-b", AccountID: "my-project-123", InstanceID: "gke-prod-pool-1-8a2b3c4d-x9z0"}},
		{"azure vm", "azure:///subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/aks-node-1",
			Identity{Provider: "azure", Platform: "azure_vm", AccountID: "0a1b2c3d-1111-2222-3333-444455556666", InstanceID: "aks-node-1"}},
		{"aks scale set", "azure:///subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/mc_rg_aks_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss/virtualMachines/3",
			Identity{Provider: "azure", Platform: "azure_vm", AccountID: "0a1b2c3d-1111-2222-3333-444455556666", InstanceID: "aks-nodepool1-12345678-vmss_3"}},
		{"digitalocean", "digitalocean://312456789", Identity{Provider: "digitalocean", InstanceID: "312456789"}},
		{"hetzner", "hcloud://4711", Identity{Provider: "hetzner", InstanceID: "4711"}},
		{"kind", "kind://docker/kind/kind-control-plane", Identity{Provider: "kind", InstanceID: "kind-control-plane"}},
		{"empty", "", Identity{}},
		{"garbage", "not a provider id", Identity{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ParseProviderID(tt.providerID))
		})
	}
}

func TestLabelsFillTheGaps(t *testing.T) {
	id := FromNode("aws:///i-0abc", map[string]string{
		"topology.kubernetes.io/region":    "ap-southeast-2",
		"topology.kubernetes.io/zone":      "ap-southeast-2c",
		"node.kubernetes.io/instance-type": "m6i.large",
	})
	assert.Equal(t, Identity{Provider: "aws", Platform: "aws_ec2", Region: "ap-southeast-2", AvailabilityZone: "ap-southeast-2c", InstanceID: "i-0abc", InstanceType: "m6i.large"}, id)

	azure := FromNode("azure:///subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/vm1", map[string]string{
		"failure-domain.beta.kubernetes.io/region": "westeurope",
		"topology.kubernetes.io/zone":              "westeurope-1",
		"beta.kubernetes.io/instance-type":         "Standard_D4s_v5",
	})
	assert.Equal(t, "westeurope", azure.Region)
	assert.Equal(t, "westeurope-1", azure.AvailabilityZone)
	assert.Equal(t, "Standard_D4s_v5", azure.InstanceType)
}

func FuzzParseProviderID(f *testing.F) {
	f.Add("aws:///us-east-1a/i-0123")
	f.Add("azure:///subscriptions/x/virtualMachineScaleSets/a/virtualMachines/1")
	f.Fuzz(func(t *testing.T, s string) { _ = ParseProviderID(s) })
}
