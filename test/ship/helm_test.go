package ship

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/vigil-sensor/vigil/test/harness"
)

// The chart, and the release the tests render it as: the examples' names.
const (
	chartDir     = "deploy/helm/otelcol-vigil"
	releaseName  = "otelcol-vigil"
	releaseSpace = "vigil"
)

// helmBinary is the helm command `make tools` builds from helm's module
// (internal/tools/helm) into _build/tools, or VIGIL_HELM. The chart tests
// need no root and no service: they run in the unit suite when it is there
// (`make test` builds the tools first) and must run in the integration suite.
func helmBinary(t *testing.T) string {
	t.Helper()
	path := os.Getenv("VIGIL_HELM")
	if path == "" {
		path = filepath.Join(repoRoot(t), "_build", "tools", "helm")
	}
	if _, err := os.Stat(path); err != nil {
		if testing.Short() {
			t.Skipf("no helm at %s: `make tools` builds it", path)
		}
		t.Fatalf("no helm at %s: run `make tools` (or set VIGIL_HELM)", path)
	}
	return path
}

// helm runs the helm command in the repository's root.
func helm(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(helmBinary(t), args...)
	cmd.Dir = repoRoot(t)
	// No repository configuration, cache or plugins of the user's.
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HELM_CACHE_HOME="+home+"/cache", "HELM_CONFIG_HOME="+home+"/config",
		"HELM_DATA_HOME="+home+"/data", "HELM_PLUGINS="+home+"/plugins")
	out, err := cmd.CombinedOutput()
	if err != nil {
		msg := string(out)
		if len(msg) > 4000 { // a template error repeats itself
			msg = msg[:4000] + "…"
		}
		t.Fatalf("helm %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return string(out)
}

// rendered is the chart rendered with some values.
type rendered struct {
	objects []runtime.Object
}

// render runs `helm template` with `--set` values (key=value) and decodes
// what it prints.
func render(t *testing.T, set ...string) rendered {
	t.Helper()
	args := []string{"template", releaseName, chartDir, "--namespace", releaseSpace}
	for _, s := range set {
		args = append(args, "--set", s)
	}
	return renderArgs(t, args...)
}

func renderArgs(t *testing.T, args ...string) rendered {
	t.Helper()
	out := helm(t, args...)
	path := filepath.Join(t.TempDir(), "rendered.yaml")
	require.NoError(t, os.WriteFile(path, []byte(out), 0o600))
	objects, err := harness.ManifestObjects(path)
	require.NoError(t, err)
	return rendered{objects}
}

func find[T runtime.Object](r rendered, name string) (T, bool) {
	for _, obj := range r.objects {
		if o, ok := obj.(T); ok {
			if m, ok := any(o).(interface{ GetName() string }); ok && m.GetName() == name {
				return o, true
			}
		}
	}
	var zero T
	return zero, false
}

func must1[T runtime.Object](t *testing.T, r rendered, name string) T {
	t.Helper()
	o, ok := find[T](r, name)
	require.True(t, ok, "rendered %T %q", o, name)
	return o
}

func count[T runtime.Object](r rendered) int {
	n := 0
	for _, obj := range r.objects {
		if _, ok := obj.(T); ok {
			n++
		}
	}
	return n
}

// example is examples/kubernetes/ decoded.
type example struct {
	configMap  *corev1.ConfigMap
	daemonSet  *appsv1.DaemonSet
	account    *corev1.ServiceAccount
	role       *rbacv1.ClusterRole
	binding    *rbacv1.ClusterRoleBinding
	networkPol *networkingv1.NetworkPolicy
}

func loadExample(t *testing.T) example {
	t.Helper()
	var e example
	for _, f := range []string{"daemonset.yaml", "rbac.yaml", "networkpolicy.yaml"} {
		objects, err := harness.ManifestObjects(filepath.Join(repoRoot(t), "examples/kubernetes", f))
		require.NoError(t, err)
		for _, obj := range objects {
			switch o := obj.(type) {
			case *corev1.ConfigMap:
				e.configMap = o
			case *appsv1.DaemonSet:
				e.daemonSet = o
			case *corev1.ServiceAccount:
				e.account = o
			case *rbacv1.ClusterRole:
				e.role = o
			case *rbacv1.ClusterRoleBinding:
				e.binding = o
			case *networkingv1.NetworkPolicy:
				e.networkPol = o
			}
		}
	}
	require.NotNil(t, e.configMap)
	require.NotNil(t, e.daemonSet)
	require.NotNil(t, e.role)
	require.NotNil(t, e.networkPol)
	return e
}

func yamlOf(t *testing.T, text string) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(text), &v))
	return v
}

func dig(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func envOf(c corev1.Container) map[string]corev1.EnvVar {
	env := map[string]corev1.EnvVar{}
	for _, e := range c.Env {
		env[e.Name] = e
	}
	return env
}

// TestHelmChartLints: `helm lint --strict` passes on the chart with its
// defaults and with every optional part on.
func TestHelmChartLints(t *testing.T) {
	for _, set := range [][]string{
		nil,
		{"gateway.enabled=true", "metrics.expose=true", "detection.rulesConfigMap=my-rules"},
		{"networkPolicy.enabled=false", "workload.rbac=false", "detection.rulesFiles.mine\\.yaml=rules: []"},
	} {
		args := []string{"lint", "--strict", chartDir, "--namespace", releaseSpace}
		for _, s := range set {
			args = append(args, "--set", s)
		}
		out := helm(t, args...)
		assert.Contains(t, out, "0 chart(s) failed", out)
	}
}

// TestHelmChartRendersTheExampleManifests: with its defaults, the chart
// renders what examples/kubernetes/ holds — the same collector
// configuration, and a DaemonSet with the same capabilities (exactly the
// listed ones), not privileged, read-only root, the Localhost seccomp
// profile, hostPID, the same volumes, mounts, environment, probes and
// resources; the same RBAC rules; a NetworkPolicy admitting nothing.
func TestHelmChartRendersTheExampleManifests(t *testing.T) {
	e := loadExample(t)
	r := render(t)

	cm := must1[*corev1.ConfigMap](t, r, releaseName)
	assert.Equal(t, releaseSpace, cm.Namespace)
	assert.Equal(t, yamlOf(t, e.configMap.Data["config.yaml"]), yamlOf(t, cm.Data["config.yaml"]),
		"the chart's collector configuration is examples/kubernetes/daemonset.yaml's")

	ds := must1[*appsv1.DaemonSet](t, r, releaseName)
	assert.Equal(t, releaseSpace, ds.Namespace)
	pod, want := ds.Spec.Template.Spec, e.daemonSet.Spec.Template.Spec
	assert.True(t, pod.HostPID, "hostPID")
	assert.Equal(t, want.HostPID, pod.HostPID)
	assert.Equal(t, want.ServiceAccountName, pod.ServiceAccountName)
	assert.Equal(t, want.Tolerations, pod.Tolerations)
	assert.Equal(t, want.PriorityClassName, pod.PriorityClassName)
	assert.Equal(t, want.Volumes, pod.Volumes)
	for k, v := range ds.Spec.Selector.MatchLabels {
		assert.Equal(t, v, ds.Spec.Template.Labels[k], "the selector matches the pod's labels")
	}

	require.Len(t, pod.Containers, 1)
	c, wc := pod.Containers[0], want.Containers[0]
	assert.Equal(t, wc.Image, c.Image, "the image of the example: the chart's appVersion")
	assert.Equal(t, wc.Args, c.Args)
	assert.Equal(t, wc.Env, c.Env)
	assert.Equal(t, wc.VolumeMounts, c.VolumeMounts)
	assert.Equal(t, wc.Ports, c.Ports)
	assert.Equal(t, wc.LivenessProbe, c.LivenessProbe)
	assert.Equal(t, wc.ReadinessProbe, c.ReadinessProbe)
	assert.Equal(t, wc.Resources, c.Resources)

	sc, wsc := c.SecurityContext, wc.SecurityContext
	require.NotNil(t, sc)
	assert.True(t, sc.Privileged == nil || !*sc.Privileged, "not privileged")
	require.NotNil(t, sc.RunAsUser)
	assert.Equal(t, int64(0), *sc.RunAsUser, "uid 0: Kubernetes grants added capabilities to root only")
	require.NotNil(t, sc.ReadOnlyRootFilesystem)
	assert.True(t, *sc.ReadOnlyRootFilesystem, "read-only root filesystem")
	require.NotNil(t, sc.AllowPrivilegeEscalation)
	assert.False(t, *sc.AllowPrivilegeEscalation)
	require.NotNil(t, sc.Capabilities)
	assert.Equal(t, []corev1.Capability{"ALL"}, sc.Capabilities.Drop)
	assert.Equal(t, wsc.Capabilities.Add, sc.Capabilities.Add, "exactly the example's capabilities")
	var caps []string
	for _, c := range sc.Capabilities.Add {
		caps = append(caps, "CAP_"+string(c))
	}
	assert.ElementsMatch(t, documentedUnitCapabilities(t), caps, "the systemd unit's capabilities")
	assert.Equal(t, wsc.SeccompProfile, sc.SeccompProfile)
	require.NotNil(t, sc.SeccompProfile)
	assert.Equal(t, corev1.SeccompProfileTypeLocalhost, sc.SeccompProfile.Type)
	assert.Equal(t, wsc.RunAsUser, sc.RunAsUser)
	assert.Equal(t, wsc.ReadOnlyRootFilesystem, sc.ReadOnlyRootFilesystem)
	assert.Equal(t, wsc.AllowPrivilegeEscalation, sc.AllowPrivilegeEscalation)

	sa := must1[*corev1.ServiceAccount](t, r, releaseName)
	assert.Equal(t, e.account.Namespace, sa.Namespace)
	role := must1[*rbacv1.ClusterRole](t, r, releaseName)
	assert.Equal(t, e.role.Rules, role.Rules, "the RBAC rules of examples/kubernetes/rbac.yaml: read, never write")
	for _, rule := range role.Rules {
		assert.ElementsMatch(t, []string{"get", "list", "watch"}, rule.Verbs)
	}
	binding := must1[*rbacv1.ClusterRoleBinding](t, r, releaseName)
	assert.Equal(t, e.binding.RoleRef, binding.RoleRef)
	assert.Equal(t, e.binding.Subjects, binding.Subjects)

	np := must1[*networkingv1.NetworkPolicy](t, r, releaseName)
	assert.Equal(t, e.networkPol.Spec.PolicyTypes, np.Spec.PolicyTypes)
	assert.Empty(t, np.Spec.Ingress, "no ingress")
	assert.Equal(t, ds.Spec.Selector.MatchLabels, np.Spec.PodSelector.MatchLabels, "the policy selects the sensor pods")

	assert.Zero(t, count[*appsv1.StatefulSet](r), "no gateway by default")
	assert.Zero(t, count[*appsv1.Deployment](r))
}

// TestHelmChartValues: each value changes what it should.
func TestHelmChartValues(t *testing.T) {
	t.Run("image", func(t *testing.T) {
		r := render(t, "image.repository=registry.example/vigil", "image.tag=1.2.3", "image.pullPolicy=Always")
		c := must1[*appsv1.DaemonSet](t, r, releaseName).Spec.Template.Spec.Containers[0]
		assert.Equal(t, "registry.example/vigil:1.2.3", c.Image)
		assert.Equal(t, corev1.PullAlways, c.ImagePullPolicy)
	})
	t.Run("endpoint and cluster name", func(t *testing.T) {
		r := render(t, "otlp.endpoint=https://otlp.example:4318", "clusterName=prod-eu")
		env := envOf(must1[*appsv1.DaemonSet](t, r, releaseName).Spec.Template.Spec.Containers[0])
		assert.Equal(t, "https://otlp.example:4318", env["OTLP_ENDPOINT"].Value)
		assert.Equal(t, "prod-eu", env["CLUSTER_NAME"].Value)
	})
	t.Run("rules ConfigMap", func(t *testing.T) {
		r := render(t, "detection.rulesConfigMap=my-rules")
		pod := must1[*appsv1.DaemonSet](t, r, releaseName).Spec.Template.Spec
		assert.Contains(t, pod.Volumes, corev1.Volume{Name: "rules", VolumeSource: corev1.VolumeSource{
			ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "my-rules"}}}})
		assert.Contains(t, pod.Containers[0].VolumeMounts, corev1.VolumeMount{Name: "rules", MountPath: "/etc/vigil/rules", ReadOnly: true})
		config := yamlOf(t, must1[*corev1.ConfigMap](t, r, releaseName).Data["config.yaml"])
		assert.Equal(t, []any{"/etc/vigil/rules"}, dig(config, "processors", "detection", "rules"))
		assert.Equal(t, true, dig(config, "processors", "detection", "default_rules"))

		none := yamlOf(t, must1[*corev1.ConfigMap](t, render(t), releaseName).Data["config.yaml"])
		assert.Nil(t, dig(none, "processors", "detection", "rules"), "no rules ConfigMap, no rules")
	})
	t.Run("rules files", func(t *testing.T) {
		r := render(t, "detection.rulesFiles.mine\\.yaml=rules: []", "detection.defaultRules=false")
		cm := must1[*corev1.ConfigMap](t, r, releaseName+"-rules")
		assert.Equal(t, "rules: []", strings.TrimSpace(cm.Data["mine.yaml"]))
		pod := must1[*appsv1.DaemonSet](t, r, releaseName).Spec.Template.Spec
		assert.Contains(t, pod.Volumes, corev1.Volume{Name: "rules", VolumeSource: corev1.VolumeSource{
			ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: releaseName + "-rules"}}}})
		config := yamlOf(t, must1[*corev1.ConfigMap](t, r, releaseName).Data["config.yaml"])
		assert.Equal(t, false, dig(config, "processors", "detection", "default_rules"))
	})
	t.Run("resources, nodeSelector, tolerations", func(t *testing.T) {
		r := render(t, "resources.limits.memory=1Gi", "nodeSelector.kubernetes\\.io/os=linux", "tolerations=null")
		pod := must1[*appsv1.DaemonSet](t, r, releaseName).Spec.Template.Spec
		assert.Equal(t, "1Gi", pod.Containers[0].Resources.Limits.Memory().String())
		assert.Equal(t, map[string]string{"kubernetes.io/os": "linux"}, pod.NodeSelector)
		assert.Empty(t, pod.Tolerations)
	})
	t.Run("metrics exposure", func(t *testing.T) {
		def := must1[*appsv1.DaemonSet](t, render(t), releaseName).Spec.Template.Spec.Containers[0]
		assert.NotContains(t, envOf(def), "METRICS_HOST", "loopback by default")

		r := render(t, "metrics.expose=true", "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.team=monitoring")
		c := must1[*appsv1.DaemonSet](t, r, releaseName).Spec.Template.Spec.Containers[0]
		assert.Equal(t, "$(POD_IP)", envOf(c)["METRICS_HOST"].Value)
		assert.Contains(t, c.Ports, corev1.ContainerPort{Name: "metrics", ContainerPort: 8888})
		np := must1[*networkingv1.NetworkPolicy](t, r, releaseName)
		require.Len(t, np.Spec.Ingress, 1)
		require.Len(t, np.Spec.Ingress[0].Ports, 1)
		assert.Equal(t, int32(8888), np.Spec.Ingress[0].Ports[0].Port.IntVal)
		assert.Equal(t, map[string]string{"team": "monitoring"}, np.Spec.Ingress[0].From[0].NamespaceSelector.MatchLabels)
	})
	t.Run("NetworkPolicy off", func(t *testing.T) {
		assert.Zero(t, count[*networkingv1.NetworkPolicy](render(t, "networkPolicy.enabled=false")))
	})
	t.Run("workload rbac off", func(t *testing.T) {
		r := render(t, "workload.rbac=false")
		for _, rule := range must1[*rbacv1.ClusterRole](t, r, releaseName).Rules {
			assert.NotContains(t, rule.APIGroups, "rbac.authorization.k8s.io")
		}
		config := yamlOf(t, must1[*corev1.ConfigMap](t, r, releaseName).Data["config.yaml"])
		assert.Equal(t, false, dig(config, "processors", "workload", "rbac"))
	})
	t.Run("gateway", func(t *testing.T) {
		r := render(t, "gateway.enabled=true", "gateway.replicas=3", "otlp.endpoint=http://backend:4318")
		gw := releaseName + "-gateway"
		sts := must1[*appsv1.StatefulSet](t, r, gw)
		require.NotNil(t, sts.Spec.Replicas)
		assert.Equal(t, int32(3), *sts.Spec.Replicas)
		assert.Equal(t, gw, sts.Spec.ServiceName)
		svc := must1[*corev1.Service](t, r, gw)
		assert.Equal(t, "None", svc.Spec.ClusterIP, "headless: each gateway by its name")
		assert.Equal(t, sts.Spec.Selector.MatchLabels, svc.Spec.Selector)

		// The gateway: not root, no capability, no API access.
		pod := sts.Spec.Template.Spec
		require.NotNil(t, pod.SecurityContext.RunAsNonRoot)
		assert.True(t, *pod.SecurityContext.RunAsNonRoot)
		c := pod.Containers[0]
		assert.Equal(t, []corev1.Capability{"ALL"}, c.SecurityContext.Capabilities.Drop)
		assert.Empty(t, c.SecurityContext.Capabilities.Add)
		assert.True(t, *c.SecurityContext.ReadOnlyRootFilesystem)
		assert.False(t, pod.HostPID)
		assert.Equal(t, "http://backend:4318", envOf(c)["OTLP_ENDPOINT"].Value)

		// examples/gateway/gateway.yaml's pipeline, with the cross-node rules.
		config := yamlOf(t, must1[*corev1.ConfigMap](t, r, gw).Data["config.yaml"])
		example := yamlOf(t, string(must(os.ReadFile(filepath.Join(repoRoot(t), "examples/gateway/gateway.yaml")))))
		assert.Equal(t, dig(example, "service", "pipelines"), dig(config, "service", "pipelines"))
		for _, key := range []string{"default_rules", "output", "fold"} {
			assert.Equal(t, dig(example, "processors", "detection", key), dig(config, "processors", "detection", key), key)
		}
		rules := must1[*corev1.ConfigMap](t, r, gw+"-rules")
		crossNode := string(must(os.ReadFile(filepath.Join(repoRoot(t), "examples/gateway/rules/cross-node.yaml"))))
		assert.Equal(t, crossNode, rules.Data["cross-node.yaml"],
			"the chart's files/gateway-rules.yaml is examples/gateway/rules/cross-node.yaml")

		// The agents: only findings, to the three gateways by name.
		ds := must1[*appsv1.DaemonSet](t, r, releaseName)
		env := envOf(ds.Spec.Template.Spec.Containers[0])
		assert.NotContains(t, env, "OTLP_ENDPOINT")
		assert.Equal(t, "[otelcol-vigil-gateway-0.otelcol-vigil-gateway.vigil.svc:4317, "+
			"otelcol-vigil-gateway-1.otelcol-vigil-gateway.vigil.svc:4317, "+
			"otelcol-vigil-gateway-2.otelcol-vigil-gateway.vigil.svc:4317]", env["GATEWAYS"].Value)
		agent := yamlOf(t, must1[*corev1.ConfigMap](t, r, releaseName).Data["config.yaml"])
		exampleAgent := yamlOf(t, string(must(os.ReadFile(filepath.Join(repoRoot(t), "examples/gateway/agent.yaml")))))
		assert.Equal(t, "findings", dig(agent, "processors", "detection", "output"))
		assert.Equal(t, dig(exampleAgent, "service", "pipelines"), dig(agent, "service", "pipelines"))
		lb, wantLB := dig(agent, "exporters", "loadbalancing/gateways"), dig(exampleAgent, "exporters", "loadbalancing/gateways")
		for _, key := range []string{"routing_key", "routing_attributes", "resolver", "protocol"} {
			assert.Equal(t, dig(wantLB, key), dig(lb, key), key)
		}

		// Only the agents reach the gateways.
		np := must1[*networkingv1.NetworkPolicy](t, r, gw)
		require.Len(t, np.Spec.Ingress, 1)
		assert.Equal(t, ds.Spec.Selector.MatchLabels, np.Spec.Ingress[0].From[0].PodSelector.MatchLabels)

		assert.Zero(t, count[*appsv1.StatefulSet](render(t)), "gateway off by default")
	})
}

// TestHelmChartConfigsValidate has the built distribution validate the
// configurations the chart renders: the agents', with and without rules and
// the gateway tier, and the gateways'.
func TestHelmChartConfigsValidate(t *testing.T) {
	harness.RequireDist(t)
	rulesDir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(rulesDir, "mine.yaml"), []byte("rules: []\n"), 0o600))
	for name, set := range map[string][]string{
		"defaults":   nil,
		"rules":      {"detection.rulesConfigMap=my-rules", "workload.rbac=false", "metrics.expose=true"},
		"gateway":    {"gateway.enabled=true"},
		"no default": {"detection.rulesConfigMap=my-rules", "detection.defaultRules=false"},
	} {
		t.Run(name, func(t *testing.T) {
			r := render(t, set...)
			configs := map[string]string{"agent": must1[*corev1.ConfigMap](t, r, releaseName).Data["config.yaml"]}
			if gw, ok := find[*corev1.ConfigMap](r, releaseName+"-gateway"); ok {
				configs["gateway"] = gw.Data["config.yaml"]
			}
			for which, config := range configs {
				// The mounted rules, here.
				config = strings.ReplaceAll(config, "/etc/vigil/rules", rulesDir)
				config = strings.ReplaceAll(config, "/etc/vigil/gateway-rules", filepath.Join(repoRoot(t), "examples/gateway/rules"))
				config = strings.ReplaceAll(config, "/var/lib/otelcol-vigil", t.TempDir())
				path := filepath.Join(t.TempDir(), which+".yaml")
				require.NoError(t, os.WriteFile(path, []byte(config), 0o600))
				cmd := exec.Command(os.Getenv("VIGIL_DIST"), "validate", "--config", path)
				cmd.Env = append(os.Environ(), "OTLP_ENDPOINT=http://127.0.0.1:4318", "K8S_NODE_NAME=node-1",
					"POD_IP=127.0.0.1", "MY_POD_IP=127.0.0.1", "CLUSTER_NAME=test", "GATEWAYS=[127.0.0.1:4317, 127.0.0.2:4317]")
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, "%s: %s", which, out)
			}
		})
	}
	t.Run("upstream chart values", func(t *testing.T) {
		values := upstreamValues(t)
		config, err := yaml.Marshal(values["alternateConfig"])
		require.NoError(t, err)
		path := filepath.Join(t.TempDir(), "relay.yaml")
		require.NoError(t, os.WriteFile(path, []byte(strings.ReplaceAll(string(config), "/var/lib/otelcol-vigil", t.TempDir())), 0o600))
		cmd := exec.Command(os.Getenv("VIGIL_DIST"), "validate", "--config", path)
		cmd.Env = append(os.Environ(), "OTLP_ENDPOINT=http://127.0.0.1:4318", "K8S_NODE_NAME=node-1",
			"MY_POD_IP=127.0.0.1", "CLUSTER_NAME=test")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
	})
}

// schemaKey is one line of testdata/opentelemetry-collector-values-keys.txt.
type schemaKey struct {
	path     string
	typ      string
	open     bool
	required bool
	enum     []string
}

func upstreamSchemaKeys(t *testing.T) map[string]schemaKey {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot(t), "test/ship/testdata/opentelemetry-collector-values-keys.txt"))
	require.NoError(t, err)
	defer f.Close()
	keys := map[string]schemaKey{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		require.GreaterOrEqual(t, len(fields), 2, line)
		k := schemaKey{path: fields[0], typ: fields[1]}
		notes := strings.Join(fields[2:], " ")
		k.open = strings.Contains(notes, "open")
		k.required = strings.Contains(notes, "required")
		if i := strings.Index(notes, "enum "); i >= 0 {
			k.enum = strings.Fields(notes[i+len("enum "):])
		}
		keys[k.path] = k
	}
	require.NoError(t, sc.Err())
	return keys
}

func upstreamValues(t *testing.T) map[string]any {
	t.Helper()
	return yamlOf(t, string(must(os.ReadFile(filepath.Join(repoRoot(t), "examples/helm/upstream-values.yaml")))))
}

// TestUpstreamChartValuesUseItsSchemaKeys: examples/helm/upstream-values.yaml
// uses only keys the opentelemetry-collector chart's schema has (the list in
// testdata, derived from it), with their types, sets its required ones, and
// holds the essentials of examples/kubernetes/: the daemonset mode, hostPID,
// the image's command, the same securityContext, mounts, RBAC rules and
// pipeline, no preset and no host port.
func TestUpstreamChartValuesUseItsSchemaKeys(t *testing.T) {
	keys := upstreamSchemaKeys(t)
	values := upstreamValues(t)

	var walk func(prefix, pattern string, v any)
	walk = func(prefix, pattern string, v any) {
		k, ok := keys[pattern]
		if !assert.True(t, ok, "%s is not a key of the chart's schema", prefix) {
			return
		}
		switch v := v.(type) {
		case map[string]any:
			assert.Equal(t, "object", k.typ, prefix)
			if k.open {
				return
			}
			names := make([]string, 0, len(v))
			for name := range v {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				sub := pattern + "." + name
				if _, ok := keys[pattern+".*"]; ok {
					sub = pattern + ".*"
				}
				walk(prefix+"."+name, sub, v[name])
			}
			for path, req := range keys {
				if req.required && strings.HasPrefix(path, pattern+".") && !strings.Contains(path[len(pattern)+1:], ".") {
					assert.Contains(t, v, path[len(pattern)+1:], "%s needs %s", prefix, path)
				}
			}
		case []any:
			assert.Equal(t, "array", k.typ, prefix)
		case string:
			assert.Contains(t, strings.Split(k.typ, "|"), "string", prefix)
			if k.enum != nil {
				assert.Contains(t, k.enum, v, prefix)
			}
		case bool:
			assert.Equal(t, "boolean", k.typ, prefix)
		case int:
			assert.Contains(t, strings.Split(k.typ, "|"), "integer", prefix)
		default:
			t.Errorf("%s: a %T", prefix, v)
		}
	}
	for name, v := range values {
		walk(name, name, v)
	}
	for path, k := range keys {
		if k.required && !strings.Contains(path, ".") {
			assert.Contains(t, values, path, "the chart requires %s", path)
		}
	}

	// The essentials of examples/kubernetes/.
	e := loadExample(t)
	assert.Equal(t, "daemonset", values["mode"])
	assert.Equal(t, true, values["hostPID"])
	assert.Equal(t, "otelcol-vigil", dig(values, "command", "name"), "the chart runs /<command.name>: the image's binary")
	image := e.daemonSet.Spec.Template.Spec.Containers[0].Image
	assert.Equal(t, image, dig(values, "image", "repository").(string)+":"+dig(values, "image", "tag").(string))
	for name, preset := range dig(values, "presets").(map[string]any) {
		assert.Equal(t, false, dig(preset, "enabled"), "preset %s is off", name)
	}
	for name, port := range dig(values, "ports").(map[string]any) {
		assert.Equal(t, false, dig(port, "enabled"), "port %s is off: no host port", name)
	}

	wc := e.daemonSet.Spec.Template.Spec.Containers[0]
	var sc corev1.SecurityContext
	remarshal(t, values["securityContext"], &sc)
	assert.Equal(t, wc.SecurityContext.Capabilities, sc.Capabilities, "exactly the example's capabilities")
	assert.Equal(t, wc.SecurityContext.SeccompProfile, sc.SeccompProfile)
	assert.Equal(t, wc.SecurityContext.RunAsUser, sc.RunAsUser)
	assert.Equal(t, wc.SecurityContext.ReadOnlyRootFilesystem, sc.ReadOnlyRootFilesystem)
	assert.True(t, sc.Privileged == nil || !*sc.Privileged, "not privileged")

	var rules []rbacv1.PolicyRule
	remarshal(t, dig(values, "clusterRole", "rules"), &rules)
	assert.Equal(t, e.role.Rules, rules)

	var volumes []corev1.Volume
	remarshal(t, values["extraVolumes"], &volumes)
	var mounts []corev1.VolumeMount
	remarshal(t, values["extraVolumeMounts"], &mounts)
	for _, v := range e.daemonSet.Spec.Template.Spec.Volumes {
		if v.Name != "config" { // the chart mounts its own ConfigMap
			assert.Contains(t, volumes, v)
		}
	}
	for _, m := range wc.VolumeMounts {
		if m.Name != "config" {
			assert.Contains(t, mounts, m)
		}
	}
	var env []corev1.EnvVar
	remarshal(t, values["extraEnvs"], &env)
	for _, v := range wc.Env {
		if v.Name != "POD_IP" { // the chart sets MY_POD_IP
			assert.Contains(t, env, v)
		}
	}

	config := yamlOf(t, e.configMap.Data["config.yaml"])
	alt := values["alternateConfig"]
	for _, key := range []string{"receivers", "processors", "exporters"} {
		assert.Equal(t, config[key], dig(alt, key), key)
	}
	assert.Equal(t, dig(config, "service", "pipelines"), dig(alt, "service", "pipelines"))
	assert.Equal(t, "${env:MY_POD_IP}:13133", dig(alt, "extensions", "health_check", "endpoint"),
		"the chart's probes: 13133 on the pod's IP")
}

// remarshal converts YAML-decoded values into a Kubernetes API type.
func remarshal(t *testing.T, from, to any) {
	t.Helper()
	raw, err := json.Marshal(from)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, to))
}
