package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/vigil-sensor/vigil/test/harness"
)

// TestExamplesAreValidConfigurations has the built distribution validate
// every configuration in examples/, the DaemonSet's ConfigMap included, so
// an example cannot name a component or key the distribution lacks.
// Validating needs no privileges.
func TestExamplesAreValidConfigurations(t *testing.T) {
	harness.RequireDist(t)
	files, err := filepath.Glob("../../examples/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	configs := map[string]string{}
	for _, f := range files {
		configs[filepath.Base(f)] = f
	}
	configs["kubernetes/daemonset.yaml"] = configMapFile(t, "../../examples/kubernetes/daemonset.yaml", "config.yaml")
	configs["gateway/agent.yaml"] = "../../examples/gateway/agent.yaml"
	configs["gateway/gateway.yaml"] = "../../examples/gateway/gateway.yaml"
	configs["demo/otelcol.yaml"] = "../../examples/demo/otelcol.yaml"
	for name, path := range configs {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Getenv("VIGIL_DIST"), "validate", "--config", path)
			// What the examples take from their environment.
			cmd.Env = append(os.Environ(), "OTLP_ENDPOINT=http://127.0.0.1:4318", "K8S_NODE_NAME=node-1",
				"POD_IP=127.0.0.1", "CLUSTER_NAME=test", "TETRAGON_EXPORT_FILE=/var/run/cilium/tetragon/tetragon.log",
				"GATEWAYS=[127.0.0.1:4317, 127.0.0.2:4317]", "GATEWAY_ENDPOINT=127.0.0.1:4317", "GATEWAY_RULES=../../examples/gateway/rules",
				"OTLP_LOGS_ENDPOINT=http://127.0.0.1:9428/insert/opentelemetry/v1/logs", "VIGIL_QUEUE_DIR="+t.TempDir(), "METRICS_PORT=8888",
				"VIGIL_DEMO_LOGS_ENDPOINT=http://127.0.0.1:9428/insert/opentelemetry/v1/logs")
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", out)
		})
	}
}

// configMapFile writes one key of the ConfigMap in a manifest to a file.
func configMapFile(t *testing.T, manifest, key string) string {
	objects, err := harness.ManifestObjects(manifest)
	require.NoError(t, err)
	for _, obj := range objects {
		if cm, ok := obj.(*corev1.ConfigMap); ok {
			path := filepath.Join(t.TempDir(), key)
			require.NoError(t, os.WriteFile(path, []byte(cm.Data[key]), 0o600))
			return path
		}
	}
	t.Fatalf("%s holds no ConfigMap", manifest)
	return ""
}
