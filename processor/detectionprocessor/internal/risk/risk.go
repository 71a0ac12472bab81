// Package risk ranks a finding: the rule's severity raised by how much the
// workload it happened in could do if it were compromised. The same shell
// in a privileged pod whose service account is cluster-admin outranks it in
// a locked-down sandbox.
package risk

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// Weights are the points each fact adds to a finding's base score.
type Weights struct {
	// Base is the score of each severity before context.
	Base map[rules.Severity]int
	// Context are points added when a resource attribute (a workload
	// processor posture attribute, a bool) is true, by attribute name.
	Context map[string]int
	// Cloud is added when the record carries a cloud identity
	// (cloud.provider): a compromise there may reach cloud credentials.
	Cloud int
}

// DefaultWeights: severities spread over 10–80, so that context can move a
// finding up about one severity step, and a critical finding in the most
// exposed workload reaches 100.
func DefaultWeights() Weights {
	return Weights{
		Base: map[rules.Severity]int{
			rules.SeverityInfo: 10, rules.SeverityLow: 25, rules.SeverityMedium: 45,
			rules.SeverityHigh: 65, rules.SeverityCritical: 80,
		},
		Context: map[string]int{
			schema.VigilK8sPrivileged:                 15,
			schema.VigilK8sServiceAccountClusterAdmin: 15,
			schema.VigilK8sHostPathRoot:               10,
			schema.VigilK8sHostPathRuntimeSocket:      10,
			schema.VigilK8sServiceAccountSecrets:      8,
			schema.VigilK8sHostPID:                    6,
			schema.VigilK8sServiceAccountWildcard:     5,
			schema.VigilK8sHostNetwork:                5,
			schema.VigilK8sHostPathWritable:           4,
			schema.VigilK8sAllowPrivilegeEscalation:   3,
			schema.VigilK8sRunsAsRoot:                 3,
			schema.VigilK8sHostIPC:                    2,
			schema.VigilK8sServiceAccountToken:        2,
		},
		Cloud: 3,
	}
}

// Score is min(100, base(severity) + Σ weight of each context attribute
// that is true on the resource + cloud weight when cloud.provider is set).
// Reasons lists the attributes that added points, for the analyst.
func (w Weights) Score(severity rules.Severity, resource pcommon.Map) (score int, reasons []string) {
	score = w.Base[severity]
	resource.Range(func(k string, v pcommon.Value) bool {
		if points, ok := w.Context[k]; ok && v.Type() == pcommon.ValueTypeBool && v.Bool() {
			score += points
			reasons = append(reasons, k)
		}
		return true
	})
	if _, ok := resource.Get(schema.CloudProvider); ok && w.Cloud > 0 {
		score += w.Cloud
		reasons = append(reasons, schema.CloudProvider)
	}
	return min(score, 100), reasons
}
