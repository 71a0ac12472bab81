package harness

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// TestControlPlaneServesPods checks that the control plane stores the objects
// Vigil's Kubernetes tests rely on: a Pod with container statuses (set as a
// kubelet would, there being none) and RBAC objects that take effect.
func TestControlPlaneServesPods(t *testing.T) {
	RequireControlPlane(t)
	cp := StartControlPlane(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := cp.Client

	ns, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "vigil"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: ns.Name, Labels: map[string]string{"app": "web"}},
		Spec: corev1.PodSpec{
			NodeName:   "node-1",
			Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.27"}},
		},
	}
	pod, err = c.CoreV1().Pods(ns.Name).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const containerID = "containerd://0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	pod.Status = corev1.PodStatus{
		Phase: corev1.PodRunning,
		PodIP: "10.244.0.7",
		ContainerStatuses: []corev1.ContainerStatus{{
			Name:        "nginx",
			Image:       "nginx:1.27",
			ContainerID: containerID,
			Ready:       true,
			State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.Now()}},
		}},
	}
	if _, err := c.CoreV1().Pods(ns.Name).UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := c.CoreV1().Pods(ns.Name).Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.UID == "" || got.Spec.NodeName != "node-1" || got.Labels["app"] != "web" {
		t.Errorf("pod read back as %+v", got.ObjectMeta)
	}
	if cs := got.Status.ContainerStatuses; len(cs) != 1 || cs[0].ContainerID != containerID || got.Status.Phase != corev1.PodRunning {
		t.Errorf("pod status read back as %+v", got.Status)
	}
	if _, err := c.CoreV1().Namespaces().Get(ctx, ns.Name, metav1.GetOptions{}); err != nil {
		t.Error(err)
	}

	// RBAC is enforced: a ServiceAccount (impersonated by the admin) may not
	// list pods until a ClusterRoleBinding grants it. The role is our own:
	// the bootstrap "view" role is aggregated, and its rules are filled in by
	// the controller-manager, which does not run here.
	const sa = "system:serviceaccount:vigil:reader"
	viewer := rest.CopyConfig(cp.Config)
	viewer.Impersonate = rest.ImpersonationConfig{UserName: sa}
	vc, err := kubernetes.NewForConfig(viewer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vc.CoreV1().Pods(ns.Name).List(ctx, metav1.ListOptions{}); err == nil {
		t.Fatal("listing pods as an unbound ServiceAccount succeeded: RBAC is not enforced")
	}
	role := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: "vigil-pod-reader"},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"get", "list", "watch"}}},
	}
	if _, err := c.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	crb := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "vigil-reader"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role.Name},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Namespace: ns.Name, Name: "reader"}},
	}
	if _, err := c.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// The authorizer sees the binding through an informer: allow it a moment.
	var pods *corev1.PodList
	for deadline := time.Now().Add(10 * time.Second); ; {
		if pods, err = vc.CoreV1().Pods(ns.Name).List(ctx, metav1.ListOptions{}); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("listing pods after binding %q to %s: %v", sa, role.Name, err)
	}
	if len(pods.Items) != 1 || pods.Items[0].Name != "web" {
		t.Errorf("listed %d pods, want web", len(pods.Items))
	}

	v, err := c.Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("kube-apiserver %s", v.GitVersion)
}
