package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/vigil-sensor/vigil/test/harness"
)

func ptr[T any](v T) *T { return &v }

// seedPod creates what a cluster would hold for one running pod of a
// Deployment: node, Deployment, ReplicaSet, and the Pod with the container
// id the kubelet would report, plus a cluster-admin binding of the pod's
// service account. It returns the pod's uid.
func seedPod(t *testing.T, c kubernetes.Interface, containerID string) string {
	ctx := context.Background()
	must := func(_ any, err error) { t.Helper(); require.NoError(t, err) }
	must(c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "shop"}}, metav1.CreateOptions{}))
	must(c.CoreV1().Nodes().Create(ctx, &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: "node-1", Labels: map[string]string{"node.kubernetes.io/instance-type": "n2-standard-4"}},
		Spec:       corev1.NodeSpec{ProviderID: "gce://shop-prod/europe-west1-b/node-1"},
	}, metav1.CreateOptions{}))
	labels := map[string]string{"app": "web"}
	template := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "registry.example.com/shop/web:2.4.1"}}}}
	dep, err := c.AppsV1().Deployments("shop").Create(ctx, &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template}}, metav1.CreateOptions{})
	require.NoError(t, err)
	rs, err := c.AppsV1().ReplicaSets("shop").Create(ctx, &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: "web-5c8d7", OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: dep.Name, UID: dep.UID, Controller: ptr(true)}}},
		Spec:       appsv1.ReplicaSetSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template}}, metav1.CreateOptions{})
	require.NoError(t, err)
	must(c.CoreV1().ServiceAccounts("shop").Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "web"}}, metav1.CreateOptions{}))
	must(c.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "web-admin"},
		RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects: []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: "web", Namespace: "shop"}}}, metav1.CreateOptions{}))

	pod, err := c.CoreV1().Pods("shop").Create(ctx, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web-5c8d7-q2x4z", Labels: labels,
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs.Name, UID: rs.UID, Controller: ptr(true)}}},
		Spec: corev1.PodSpec{NodeName: "node-1", ServiceAccountName: "web",
			Volumes: []corev1.Volume{{Name: "docker", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/var/run/docker.sock"}}}},
			Containers: []corev1.Container{{Name: "web", Image: "registry.example.com/shop/web:2.4.1",
				SecurityContext: &corev1.SecurityContext{Privileged: ptr(true)},
				VolumeMounts:    []corev1.VolumeMount{{Name: "docker", MountPath: "/var/run/docker.sock"}}}}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "web", ContainerID: "containerd://" + containerID, Image: "registry.example.com/shop/web:2.4.1"}}
	_, err = c.CoreV1().Pods("shop").UpdateStatus(ctx, pod, metav1.UpdateOptions{})
	require.NoError(t, err)
	return string(pod.UID)
}

// TestContainerExecCarriesItsWorkload runs a real runc container laid out as
// the kubelet lays out a pod that exists in a real kube-apiserver, and finds
// its exec in VictoriaLogs with the pod, its Deployment, its posture and its
// node's cloud, added by the ocb-built distribution's workload processor.
func TestContainerExecCarriesItsWorkload(t *testing.T) {
	harness.RequireE2E(t)
	harness.RequireControlPlane(t)
	cp := harness.StartControlPlane(t)
	cp.Apply(t, "../../examples/kubernetes/rbac.yaml")
	m := marker()
	containerID := strings.Repeat("ab", 20) + fmt.Sprintf("%024x", time.Now().UnixNano())
	require.Len(t, containerID, 64)
	podUID := seedPod(t, cp.Client, containerID)

	vl := harness.StartVictoriaLogs(t)
	config, err := filepath.Abs("testdata/workload-to-victorialogs.yaml")
	require.NoError(t, err)
	metricsPort := harness.FreePort(t)
	harness.StartCollector(t, config, []string{
		"VIGIL_E2E_LOGS_ENDPOINT=" + vl.LogsEndpoint(),
		"VIGIL_E2E_METRICS_PORT=" + strconv.Itoa(metricsPort),
		"VIGIL_E2E_KUBECONFIG=" + cp.SensorKubeconfig,
	})

	require.Equal(t, 0, harness.RunInContainer(t, podUID, containerID, "/bin/sh", "-c", "/bin/echo "+m))

	found := vl.WaitFor(t, fmt.Sprintf(`event_name:="process.exec" process.command_line:~%q`, "/bin/echo "+m), 1, 60*time.Second)
	e := found[0]
	for key, want := range map[string]string{
		"container.id": containerID, "k8s.pod.uid": podUID, "vigil.k8s.association": "container",
		"k8s.cluster.name": "e2e", "k8s.namespace.name": "shop", "k8s.pod.name": "web-5c8d7-q2x4z",
		"k8s.container.name": "web", "k8s.replicaset.name": "web-5c8d7", "k8s.deployment.name": "web",
		"k8s.pod.label.app": "web", "k8s.node.name": "node-1",
		"container.image.name": "registry.example.com/shop/web", "container.image.tags": `["2.4.1"]`,
		"vigil.k8s.container.privileged":               "true",
		"vigil.k8s.container.host_paths":               `["/var/run/docker.sock"]`,
		"vigil.k8s.container.host_path.runtime_socket": "true",
		"vigil.k8s.service_account.name":               "web",
		"vigil.k8s.service_account.cluster_admin":      "true",
		"vigil.k8s.service_account.bindings":           `["ClusterRoleBinding/web-admin"]`,
		"cloud.provider":                               "gcp", "cloud.account.id": "shop-prod", "cloud.availability_zone": "europe-west1-b",
		"host.id": "node-1", "host.type": "n2-standard-4",
		"process.executable.path": "/bin/busybox",
	} {
		assert.Equal(t, want, e[key], key)
	}

	// The processor's self-telemetry counts the association.
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", metricsPort))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Regexp(t, `(?m)^otelcol_processor_workload_associations\{result="container"\} [1-9]`, string(body))
	assert.Regexp(t, `(?m)^otelcol_processor_workload_cached_pods 1$`, string(body))
	assert.Regexp(t, `(?m)^otelcol_processor_workload_api_errors 0$`, string(body))
}
