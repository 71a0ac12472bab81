package workloadprocessor

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/metadata"
	"github.com/vigil-sensor/vigil/test/harness"
)

const (
	webContainerID   = "1111111111111111111111111111111111111111111111111111111111111111"
	agentContainerID = "2222222222222222222222222222222222222222222222222222222222222222"
	lateContainerID  = "3333333333333333333333333333333333333333333333333333333333333333"
)

func ptr[T any](v T) *T { return &v }

// createPod creates a pod and sets the container statuses the kubelet would.
func createPod(t *testing.T, client kubernetes.Interface, pod *corev1.Pod, containerID string) *corev1.Pod {
	ctx := context.Background()
	created, err := client.CoreV1().Pods(pod.Namespace).Create(ctx, pod, metav1.CreateOptions{})
	require.NoError(t, err)
	created.Status.StartTime = &metav1.Time{Time: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	created.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: pod.Spec.Containers[0].Name, ContainerID: "containerd://" + containerID, Image: pod.Spec.Containers[0].Image}}
	updated, err := client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, created, metav1.UpdateOptions{})
	require.NoError(t, err)
	return updated
}

// seedCluster creates a Deployment's ReplicaSet and pod, a privileged agent
// pod with host paths whose service account is bound to cluster-admin, and
// the node they run on.
func seedCluster(t *testing.T, client kubernetes.Interface) {
	ctx := context.Background()
	for _, ns := range []string{"shop", "monitoring"} {
		_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
		require.NoError(t, err)
	}
	_, err := client.CoreV1().Nodes().Create(ctx, &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: "node-1", Labels: map[string]string{"topology.kubernetes.io/zone": "eu-west-1b", "node.kubernetes.io/instance-type": "m6i.large"}},
		Spec:       corev1.NodeSpec{ProviderID: "aws:///eu-west-1b/i-0abc1234"},
	}, metav1.CreateOptions{})
	require.NoError(t, err)

	labels := map[string]string{"app": "web"}
	dep, err := client.AppsV1().Deployments("shop").Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.27"}}}}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	rs, err := client.AppsV1().ReplicaSets("shop").Create(ctx, &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: "web-7d9f", OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: dep.Name, UID: dep.UID, Controller: ptr(true)}}},
		Spec: appsv1.ReplicaSetSpec{Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.27"}}}}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	createPod(t, client, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web-7d9f-abcde", Namespace: "shop", Labels: labels,
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs.Name, UID: rs.UID, Controller: ptr(true)}}},
		Spec: corev1.PodSpec{NodeName: "node-1", AutomountServiceAccountToken: ptr(false),
			SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: ptr(true)},
			Containers: []corev1.Container{{Name: "nginx", Image: "registry.example.com/shop/nginx:1.27.1",
				SecurityContext: &corev1.SecurityContext{AllowPrivilegeEscalation: ptr(false)}}}},
	}, webContainerID)

	_, err = client.CoreV1().ServiceAccounts("monitoring").Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "agent"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	_, err = client.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "cluster-admin"},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}}}}, metav1.CreateOptions{})
	if err != nil {
		require.Contains(t, err.Error(), "already exists") // the API server bootstraps it
	}
	_, err = client.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "agent-admin"},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "agent", Namespace: "monitoring"}}}, metav1.CreateOptions{})
	require.NoError(t, err)
	createPod(t, client, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "agent-x1", Namespace: "monitoring"},
		Spec: corev1.PodSpec{NodeName: "node-1", ServiceAccountName: "agent", HostPID: true, HostNetwork: true,
			Volumes: []corev1.Volume{{Name: "root", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}}}},
			Containers: []corev1.Container{{Name: "agent", Image: "agent:2",
				SecurityContext: &corev1.SecurityContext{Privileged: ptr(true)},
				VolumeMounts:    []corev1.VolumeMount{{Name: "root", MountPath: "/host"}}}}},
	}, agentContainerID)
}

func resourceFor(t *testing.T, p consumerLogs, sink *consumertest.LogsSink, containerID string) map[string]any {
	t.Helper()
	sink.Reset()
	require.NoError(t, p.ConsumeLogs(context.Background(), logsFor(containerID, 1)))
	var all []plog.Logs
	require.Eventually(t, func() bool { all = sink.AllLogs(); return len(all) > 0 }, 10*time.Second, 20*time.Millisecond)
	return all[0].ResourceLogs().At(0).Resource().Attributes().AsRaw()
}

type consumerLogs interface {
	ConsumeLogs(context.Context, plog.Logs) error
}

func TestAgainstARealAPIServer(t *testing.T) {
	harness.RequireControlPlane(t)
	cp := harness.StartControlPlane(t)
	seedCluster(t, cp.Client)
	// The processor runs with exactly the permissions the example grants.
	cp.Apply(t, "../../examples/kubernetes/rbac.yaml")

	cfg := createDefaultConfig()
	cfg.AuthType, cfg.KubeConfig = AuthKubeConfig, cp.SensorKubeconfig
	cfg.Node, cfg.ClusterName = "node-1", "test"
	cfg.PodDeleteGracePeriod = 3 * time.Second
	cfg.WaitForPod.Timeout = 3 * time.Second // after the grace period, records wait this long for nothing
	cfg.SyncTimeout = 5 * time.Second        // a cache that cannot fill fails the test below, not after 30 s
	sink := new(consumertest.LogsSink)
	p, err := NewFactory().CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, p.Shutdown(context.Background())) })
	require.Zero(t, p.(*workloadProcessor).watcher.APIErrors.Load(), "list/watch calls failed: examples/kubernetes/rbac.yaml misses a permission, or a selector is wrong")

	web := resourceFor(t, p, sink, webContainerID)
	for key, want := range map[string]any{
		"k8s.cluster.name": "test", "k8s.namespace.name": "shop", "k8s.pod.name": "web-7d9f-abcde",
		"k8s.container.name": "nginx", "k8s.node.name": "node-1", "k8s.replicaset.name": "web-7d9f", "k8s.deployment.name": "web",
		"k8s.pod.start_time": "2026-11-25T09:00:00Z", "container.image.name": "registry.example.com/shop/nginx", "container.image.tags": []any{"1.27.1"},
		"vigil.k8s.container.privileged": false, "vigil.k8s.container.allow_privilege_escalation": false,
		"vigil.k8s.container.runs_as_root": false, "vigil.k8s.service_account.name": "default",
		"vigil.k8s.service_account.token_mounted": false, "vigil.k8s.service_account.cluster_admin": false,
		"vigil.k8s.pod.host_pid": false, "vigil.k8s.container.host_paths": []any{},
		"cloud.provider": "aws", "cloud.region": "eu-west-1", "cloud.availability_zone": "eu-west-1b",
		"host.id": "i-0abc1234", "host.type": "m6i.large", "vigil.k8s.association": "container",
	} {
		assert.Equal(t, want, web[key], key)
	}

	agent := resourceFor(t, p, sink, agentContainerID)
	for key, want := range map[string]any{
		"k8s.pod.name": "agent-x1", "vigil.k8s.container.privileged": true, "vigil.k8s.container.runs_as_root": true,
		"vigil.k8s.pod.host_pid": true, "vigil.k8s.pod.host_network": true,
		"vigil.k8s.container.host_paths": []any{"/"}, "vigil.k8s.container.host_path.root": true,
		"vigil.k8s.container.host_path.writable": true, "vigil.k8s.container.host_path.runtime_socket": true,
		"vigil.k8s.service_account.name": "agent", "vigil.k8s.service_account.token_mounted": true,
		"vigil.k8s.service_account.cluster_admin": true, "vigil.k8s.service_account.reads_secrets": true,
		"vigil.k8s.service_account.bindings": []any{"ClusterRoleBinding/agent-admin"},
	} {
		assert.Equal(t, want, agent[key], key)
	}
	assert.NotContains(t, agent, "k8s.deployment.name")

	// A container's record read before the API server has told the
	// informer about its pod waits for it, then leaves with its context.
	sink.Reset()
	require.NoError(t, p.ConsumeLogs(context.Background(), logsFor(lateContainerID, 2)))
	assert.Zero(t, sink.LogRecordCount(), "held while its pod is unknown")
	createPod(t, cp.Client, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "late", Namespace: "shop"},
		Spec:       corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "job", Image: "busybox:1.36"}}},
	}, lateContainerID)
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 2 }, 3*time.Second, 20*time.Millisecond)
	late := sink.AllLogs()[0].ResourceLogs().At(0).Resource().Attributes().AsRaw()
	assert.Equal(t, "late", late["k8s.pod.name"])
	assert.Equal(t, "container", late["vigil.k8s.association"])

	// A deleted pod stays resolvable for the grace period, then not.
	require.NoError(t, cp.Client.CoreV1().Pods("shop").Delete(context.Background(), "web-7d9f-abcde", metav1.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}))
	deleted := time.Now()
	time.Sleep(500 * time.Millisecond)
	assert.Equal(t, "web-7d9f-abcde", resourceFor(t, p, sink, webContainerID)["k8s.pod.name"], "within the grace period")
	time.Sleep(time.Until(deleted.Add(5 * time.Second)))
	gone := resourceFor(t, p, sink, webContainerID)
	assert.NotContains(t, gone, "k8s.pod.name", "after it")
	assert.Equal(t, "unresolved", gone["vigil.k8s.association"])
}
