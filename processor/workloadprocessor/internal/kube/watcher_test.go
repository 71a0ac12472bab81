package kube

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	metafake "k8s.io/client-go/metadata/fake"
)

const containerID = "4f0c1a4a4e4b2b6c8d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"

func ptr[T any](v T) *T { return &v }

func controller(kind, name string) []metav1.OwnerReference {
	return []metav1.OwnerReference{{Kind: kind, Name: name, Controller: ptr(true), APIVersion: "apps/v1", UID: "x"}}
}

func webPod() *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web-7d9f-abcde", Namespace: "shop", UID: "0b5f7c3e-1d2a-4b6c-8e9f-a0b1c2d3e4f5",
			Labels: map[string]string{"app": "web", "team": "payments"}, OwnerReferences: controller("ReplicaSet", "web-7d9f")},
		Spec: corev1.PodSpec{NodeName: "node-1", ServiceAccountName: "web",
			Containers: []corev1.Container{{Name: "nginx", Image: "registry.example.com/shop/nginx:1.27.1@sha256:abc"}}},
		Status: corev1.PodStatus{StartTime: &metav1.Time{Time: time.Unix(1700000000, 0)},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "nginx", ContainerID: "containerd://" + containerID}}},
	}
}

func startWatcher(t *testing.T, cfg WatchConfig, objects ...runtime.Object) (*Watcher, *fake.Clientset, *metafake.FakeMetadataClient) {
	client := fake.NewClientset(objects...)
	scheme := metafake.NewTestScheme()
	require.NoError(t, metav1.AddMetaToScheme(scheme))
	meta := metafake.NewSimpleMetadataClient(scheme,
		&metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "ReplicaSet"},
			ObjectMeta: metav1.ObjectMeta{Name: "web-7d9f", Namespace: "shop", OwnerReferences: controller("Deployment", "web")}},
		&metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"},
			ObjectMeta: metav1.ObjectMeta{Name: "backup-2891", Namespace: "shop", OwnerReferences: controller("CronJob", "backup")}},
	)
	w := NewWatcher(client, meta, cfg, zap.NewNop())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, w.Start(ctx))
	t.Cleanup(w.Stop)
	return w, client, meta
}

func TestAssociationOwnersAndNode(t *testing.T) {
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-1", Labels: map[string]string{"node.kubernetes.io/instance-type": "m6i.large"}},
		Spec: corev1.NodeSpec{ProviderID: "aws:///eu-west-1b/i-0abc"}}
	job := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "backup-2891-x", Namespace: "shop", UID: "c1", OwnerReferences: controller("Job", "backup-2891")},
		Spec: corev1.PodSpec{NodeName: "node-1"}}
	other := webPod()
	other.Name, other.UID, other.Spec.NodeName = "elsewhere", "other-uid", "node-2"
	w, _, _ := startWatcher(t, WatchConfig{Node: "node-1", Extract: Extract{Labels: []string{"app"}}, Grace: time.Minute},
		webPod(), job, other, node)

	c := w.Store.Container(containerID)
	require.NotNil(t, c)
	assert.Equal(t, "nginx", c.Name)
	assert.Equal(t, "registry.example.com/shop/nginx", c.ImageName)
	assert.Equal(t, []string{"1.27.1"}, c.ImageTags)
	assert.Equal(t, "web-7d9f-abcde", c.Pod.Name)
	assert.Equal(t, map[string]string{"app": "web"}, c.Pod.Labels, "only the configured labels")
	assert.Equal(t, Workload{ReplicaSet: "web-7d9f", Deployment: "web"}, w.Store.Workload(c.Pod))
	assert.Equal(t, Workload{Job: "backup-2891", CronJob: "backup"}, w.Store.Workload(w.Store.Pod("c1")))
	assert.Nil(t, w.Store.Pod("other-uid"), "pods of other nodes are not watched")
	n := w.Store.Node("node-1")
	require.NotNil(t, n)
	assert.Equal(t, "i-0abc", n.Cloud.InstanceID)
	assert.Equal(t, "eu-west-1", n.Cloud.Region)
	assert.Equal(t, "m6i.large", n.Cloud.InstanceType)
}

func TestDeletedPodsStayForTheGracePeriod(t *testing.T) {
	w, client, _ := startWatcher(t, WatchConfig{Grace: time.Minute}, webPod())
	now := time.Now()
	w.Store.now = func() time.Time { return now }
	require.NoError(t, client.CoreV1().Pods("shop").Delete(context.Background(), "web-7d9f-abcde", metav1.DeleteOptions{}))
	require.Eventually(t, func() bool {
		w.Store.mu.RLock()
		defer w.Store.mu.RUnlock()
		return len(w.Store.expiringPods) == 1
	}, 5*time.Second, 10*time.Millisecond)

	now = now.Add(59 * time.Second)
	w.Store.Expire()
	assert.NotNil(t, w.Store.Container(containerID), "within the grace period")
	now = now.Add(2 * time.Second)
	w.Store.Expire()
	assert.Nil(t, w.Store.Container(containerID), "after it")
	assert.Nil(t, w.Store.Pod("0b5f7c3e-1d2a-4b6c-8e9f-a0b1c2d3e4f5"))
	assert.Zero(t, w.Store.Stats.Pods.Load())
}

func TestRestartedContainerIDStaysResolvable(t *testing.T) {
	s := NewStore(time.Minute)
	now := time.Now()
	s.now = func() time.Time { return now }
	s.UpsertPod(toPod(webPod(), Extract{}))
	restarted := webPod()
	restarted.Status.ContainerStatuses[0].ContainerID = "containerd://" + "ff" + containerID[2:]
	s.UpsertPod(toPod(restarted, Extract{}))
	assert.NotNil(t, s.Container(containerID), "the old id, for late records")
	assert.NotNil(t, s.Container("ff"+containerID[2:]))
	now = now.Add(2 * time.Minute)
	s.Expire()
	assert.Nil(t, s.Container(containerID))
	assert.NotNil(t, s.Container("ff"+containerID[2:]))
}

func TestServiceAccountPower(t *testing.T) {
	objects := []runtime.Object{
		&rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "cluster-admin"}, Rules: []rbacv1.PolicyRule{{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}}}},
		&rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "ops-admin"}, RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "cluster-admin"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "ops", Namespace: "tools"}}},
		&rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "secret-reader", Namespace: "shop"}, Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"get", "list"}}}},
		&rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "web-secrets", Namespace: "shop"}, RoleRef: rbacv1.RoleRef{Kind: "Role", Name: "secret-reader"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "web"}}},
		&rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "config-anything"}, Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"*"}}}},
		&rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "all-sa-config", Namespace: "batch"}, RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "config-anything"},
			Subjects: []rbacv1.Subject{{Kind: "Group", Name: "system:serviceaccounts:batch"}}},
	}
	w, client, _ := startWatcher(t, WatchConfig{RBAC: true, Grace: time.Minute}, objects...)

	assert.Equal(t, Power{ClusterAdmin: true, WildcardVerbs: true, ReadsSecrets: true, Bindings: []string{"ClusterRoleBinding/ops-admin"}}, w.RBAC.PowerOf("tools", "ops"))
	assert.Equal(t, Power{ReadsSecrets: true, Bindings: []string{"RoleBinding/shop/web-secrets"}}, w.RBAC.PowerOf("shop", "web"))
	assert.Equal(t, Power{WildcardVerbs: true, Bindings: []string{"RoleBinding/batch/all-sa-config"}}, w.RBAC.PowerOf("batch", "default"), "through its group")
	assert.Equal(t, Power{}, w.RBAC.PowerOf("shop", "default"))

	// A new binding is seen: the cached answer is dropped.
	_, err := client.RbacV1().ClusterRoleBindings().Create(context.Background(), &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "oops"}, RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "default", Namespace: "shop"}}}, metav1.CreateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return w.RBAC.PowerOf("shop", "default").ClusterAdmin }, 5*time.Second, 10*time.Millisecond)
}
