package kube

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The informers keep stripped objects to bound memory (docs/benchmarks.md):
// stripping must drop the heavy parts and nothing the processor reads.
func TestStrippedPodKeepsEverythingThatIsRead(t *testing.T) {
	pod := webPod()
	pod.Annotations = map[string]string{"owner": "alice"}
	pod.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "kubelet"}}
	pod.Spec.HostPID = true
	pod.Spec.Volumes = []corev1.Volume{{Name: "sock", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/run/containerd/containerd.sock"}}}}
	c := &pod.Spec.Containers[0]
	c.Env = []corev1.EnvVar{{Name: "DB_PASSWORD", Value: "hunter2"}}
	c.Command = []string{"nginx", "-g", "daemon off;"}
	c.SecurityContext = &corev1.SecurityContext{Privileged: ptr(true), Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"NET_ADMIN"}}}
	c.VolumeMounts = []corev1.VolumeMount{{Name: "sock", MountPath: "/run/containerd/containerd.sock"}}
	pod.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	extract := Extract{Labels: []string{"app"}, Annotations: []string{"owner"}}
	want := toPod(pod.DeepCopy(), extract)

	obj, err := stripPod(pod)
	require.NoError(t, err)
	stripped := obj.(*corev1.Pod)
	assert.Nil(t, stripped.ManagedFields)
	assert.Nil(t, stripped.Spec.Containers[0].Env, "environment (often secrets) is not kept")
	assert.Nil(t, stripped.Spec.Containers[0].Command)
	assert.Nil(t, stripped.Status.Conditions)

	got := toPod(stripped, extract)
	// Containers point back at their pod: compare them apart.
	require.Len(t, got.Containers, len(want.Containers))
	for i := range want.Containers {
		wc, gc := *want.Containers[i], *got.Containers[i]
		wc.Pod, gc.Pod = nil, nil
		assert.Equal(t, wc, gc)
	}
	want.Containers, got.Containers = nil, nil
	assert.Equal(t, want, got)
}

func TestStrippedOwnerAndNodeKeepWhatIsRead(t *testing.T) {
	rs := &metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "ReplicaSet"},
		ObjectMeta: metav1.ObjectMeta{Name: "web-7d9f", Namespace: "shop", OwnerReferences: controller("Deployment", "web"),
			Labels: map[string]string{"pod-template-hash": "7d9f"}, ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kube-controller-manager"}}}}
	obj, err := stripMetadata(rs)
	require.NoError(t, err)
	m := obj.(*metav1.PartialObjectMetadata)
	assert.Equal(t, metav1.GetControllerOf(rs), metav1.GetControllerOf(m))
	assert.Equal(t, "shop/web-7d9f", m.Namespace+"/"+m.Name)
	assert.Nil(t, m.ManagedFields)
	assert.Nil(t, m.Labels)

	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-1", Labels: map[string]string{"topology.kubernetes.io/zone": "eu-west-1b"}},
		Spec:   corev1.NodeSpec{ProviderID: "aws:///eu-west-1b/i-0abc", PodCIDR: "10.0.1.0/24"},
		Status: corev1.NodeStatus{Images: []corev1.ContainerImage{{Names: []string{"nginx:1.27"}, SizeBytes: 1 << 26}}}}
	obj, err = stripNode(node)
	require.NoError(t, err)
	n := obj.(*corev1.Node)
	assert.Equal(t, node.Spec.ProviderID, n.Spec.ProviderID)
	assert.Equal(t, node.Labels, n.Labels)
	assert.Empty(t, n.Status.Images)
	assert.Empty(t, n.Spec.PodCIDR)
}
