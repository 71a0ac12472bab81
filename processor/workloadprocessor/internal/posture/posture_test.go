package posture

import (
	"testing"

	"github.com/stretchr/testify/assert"
	corev1 "k8s.io/api/core/v1"
)

func ptr[T any](v T) *T { return &v }

func TestDefaultsAreThePermissiveOnes(t *testing.T) {
	pod := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app"}}}}
	assert.Equal(t, Container{AllowPrivilegeEscalation: true, RunsAsRoot: true}, OfContainer(pod, &pod.Spec.Containers[0]))
	assert.Equal(t, Pod{ServiceAccount: "default", TokenMounted: true}, OfPod(pod))
}

func TestHardenedContainer(t *testing.T) {
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		AutomountServiceAccountToken: ptr(false),
		ServiceAccountName:           "web",
		SecurityContext:              &corev1.PodSecurityContext{RunAsNonRoot: ptr(true)},
		Containers: []corev1.Container{{Name: "app", SecurityContext: &corev1.SecurityContext{
			AllowPrivilegeEscalation: ptr(false),
			Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		}}},
	}}
	assert.Equal(t, Container{}, OfContainer(pod, &pod.Spec.Containers[0]))
	assert.Equal(t, Pod{ServiceAccount: "web"}, OfPod(pod))
}

func TestPrivilegedWithHostAccess(t *testing.T) {
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		HostNetwork: true, HostPID: true, HostIPC: true,
		Volumes: []corev1.Volume{
			{Name: "root", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}}},
			{Name: "sock", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/run/containerd"}}},
			{Name: "logs", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/var/log"}}},
			{Name: "scratch", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
		},
		Containers: []corev1.Container{{
			Name: "agent",
			SecurityContext: &corev1.SecurityContext{
				Privileged:               ptr(true),
				AllowPrivilegeEscalation: ptr(false), // overridden by privileged
				RunAsUser:                ptr(int64(0)),
				Capabilities:             &corev1.Capabilities{Add: []corev1.Capability{"SYS_ADMIN", "CAP_NET_RAW"}},
			},
			VolumeMounts: []corev1.VolumeMount{
				{Name: "root", MountPath: "/host", ReadOnly: true},
				{Name: "sock", MountPath: "/run/containerd"},
				{Name: "logs", MountPath: "/var/log/host", SubPath: "pods"},
				{Name: "scratch", MountPath: "/tmp"},
			},
		}},
	}}
	c := OfContainer(pod, &pod.Spec.Containers[0])
	assert.Equal(t, Container{
		Privileged: true, AllowPrivilegeEscalation: true, RunsAsRoot: true,
		CapabilitiesAdded: []string{"CAP_SYS_ADMIN", "CAP_NET_RAW"},
		HostPaths:         []HostPath{{Path: "/", Writable: false}, {Path: "/run/containerd", Writable: true}, {Path: "/var/log/pods", Writable: true}},
	}, c)
	assert.True(t, c.HostPaths[0].IsRoot())
	assert.True(t, c.HostPaths[1].ExposesRuntimeSocket(), "a directory holding the socket")
	assert.False(t, c.HostPaths[2].ExposesRuntimeSocket())
	p := OfPod(pod)
	assert.True(t, p.HostNetwork && p.HostPID && p.HostIPC)
}

func TestRunAsUserOfTheContainerWinsOverThePod(t *testing.T) {
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		SecurityContext: &corev1.PodSecurityContext{RunAsUser: ptr(int64(1000))},
		Containers:      []corev1.Container{{Name: "a", SecurityContext: &corev1.SecurityContext{RunAsUser: ptr(int64(0))}}, {Name: "b"}},
	}}
	assert.True(t, OfContainer(pod, &pod.Spec.Containers[0]).RunsAsRoot)
	assert.False(t, OfContainer(pod, &pod.Spec.Containers[1]).RunsAsRoot)
}

func TestRuntimeSockets(t *testing.T) {
	for p, want := range map[string]bool{
		"/var/run/docker.sock": true, "/var/run": true, "/run/": true, "/run/crio/crio.sock": true,
		"/var/lib/docker": false, "/etc": false, "/": true,
	} {
		assert.Equal(t, want, HostPath{Path: p}.ExposesRuntimeSocket(), p)
	}
}
