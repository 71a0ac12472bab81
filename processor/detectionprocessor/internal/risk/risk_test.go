package risk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

func resource(attrs map[string]any) pcommon.Map {
	m := pcommon.NewMap()
	_ = m.FromRaw(attrs)
	return m
}

func TestAPrivilegedClusterAdminPodOutranksASandbox(t *testing.T) {
	w := DefaultWeights()
	sandbox, why := w.Score(rules.SeverityHigh, resource(map[string]any{
		"vigil.k8s.container.privileged": false, "vigil.k8s.service_account.cluster_admin": false, "vigil.k8s.container.runs_as_root": false,
	}))
	assert.Equal(t, 65, sandbox)
	assert.Empty(t, why)

	exposed, why := w.Score(rules.SeverityHigh, resource(map[string]any{
		"vigil.k8s.container.privileged": true, "vigil.k8s.service_account.cluster_admin": true, "vigil.k8s.container.runs_as_root": true,
		"cloud.provider": "aws",
	}))
	assert.Equal(t, 100, exposed, "65 + 15 + 15 + 3 + 3, capped")
	assert.ElementsMatch(t, []string{"vigil.k8s.container.privileged", "vigil.k8s.service_account.cluster_admin", "vigil.k8s.container.runs_as_root", "cloud.provider"}, why)

	medium, _ := w.Score(rules.SeverityMedium, resource(map[string]any{"vigil.k8s.pod.host_pid": true, "vigil.k8s.container.runs_as_root": "true"}))
	assert.Equal(t, 51, medium, "45 + 6; a string \"true\" is not a posture flag")
}

func TestHostRecordsScoreTheirSeverity(t *testing.T) {
	score, why := DefaultWeights().Score(rules.SeverityLow, resource(map[string]any{"host.name": "web-01"}))
	assert.Equal(t, 25, score)
	assert.Empty(t, why)
}
