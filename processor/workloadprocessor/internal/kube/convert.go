package kube

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/posture"
)

// Extract says which labels and annotations of a pod are kept.
type Extract struct {
	Labels, Annotations []string
}

// toPod converts an API pod into what the processor keeps of it.
func toPod(p *corev1.Pod, extract Extract) *Pod {
	pod := &Pod{
		UID:       string(p.UID),
		Name:      p.Name,
		Namespace: p.Namespace,
		Node:      p.Spec.NodeName,
		Posture:   posture.OfPod(p),
	}
	if p.Status.StartTime != nil {
		pod.StartTime = p.Status.StartTime.UTC().Format(time.RFC3339)
	}
	if c := metav1.GetControllerOf(p); c != nil {
		pod.Owner = Ref{Kind: c.Kind, Name: c.Name}
	}
	pod.Labels = pick(p.Labels, extract.Labels)
	pod.Annotations = pick(p.Annotations, extract.Annotations)

	ids := map[string]string{} // container name → id, from every status list
	for _, list := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses, p.Status.EphemeralContainerStatuses} {
		for _, s := range list {
			ids[s.Name] = trimScheme(s.ContainerID)
		}
	}
	add := func(c *corev1.Container) {
		name, tags := splitImage(c.Image)
		pod.Containers = append(pod.Containers, &Container{
			Name: c.Name, ID: ids[c.Name], ImageName: name, ImageTags: tags,
			Posture: posture.OfContainer(p, c), Pod: pod,
		})
	}
	for i := range p.Spec.InitContainers {
		add(&p.Spec.InitContainers[i])
	}
	for i := range p.Spec.Containers {
		add(&p.Spec.Containers[i])
	}
	for i := range p.Spec.EphemeralContainers {
		c := corev1.Container(p.Spec.EphemeralContainers[i].EphemeralContainerCommon)
		add(&c)
	}
	return pod
}

func pick(from map[string]string, keys []string) map[string]string {
	if len(keys) == 0 || len(from) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, k := range keys {
		if v, ok := from[k]; ok {
			out[k] = v
		}
	}
	return out
}

// trimScheme turns "containerd://<id>" into "<id>".
func trimScheme(id string) string {
	if _, after, ok := strings.Cut(id, "://"); ok {
		return after
	}
	return id
}

// splitImage splits "registry/repo/name:tag@sha256:…" into the name and its
// tags (container.image.name, container.image.tags).
func splitImage(image string) (string, []string) {
	name, _, _ := strings.Cut(image, "@")
	slash := strings.LastIndexByte(name, '/')
	if colon := strings.LastIndexByte(name, ':'); colon > slash {
		return name[:colon], []string{name[colon+1:]}
	}
	return name, nil
}
