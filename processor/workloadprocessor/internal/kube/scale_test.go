package kube

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/tools/cache"

	"github.com/vigil-sensor/vigil/test/harness"
)

// Cluster shape of the scale benchmark: 5,000 pods in 50 namespaces, five
// pods per ReplicaSet (1,000 ReplicaSets, each owned by a Deployment), 110
// pods on the node a DaemonSet instance watches (the kubelet's default limit).
const (
	scaleNamespaces  = 50
	scalePodsPerNS   = 100
	scalePodsPerRS   = 5
	scalePodsOnNode  = 110
	scaleWatchedNode = "node-0"
)

// TestScaleAgainstARealAPIServer measures, against a real kube-apiserver
// holding 5,000 realistic pods and their owners, how long the caches take
// to fill and how much heap they hold, beside two baselines measured in the
// same run: a plain paginated List of the pods (the least any cache pays)
// and a stock full-object pod informer (what a cache without stripping
// keeps). `make bench` runs it; results go to _build/bench/workload.md.
func TestScaleAgainstARealAPIServer(t *testing.T) {
	if os.Getenv("VIGIL_BENCH") == "" {
		t.Skip("benchmark: run `make bench`")
	}
	harness.RequireControlPlane(t)
	cp := harness.StartControlPlane(t)
	cfg := *cp.Config
	cfg.QPS, cfg.Burst = 2000, 4000
	client := kubernetes.NewForConfigOrDie(&cfg)
	meta := metadata.NewForConfigOrDie(&cfg)

	began := time.Now()
	seedScale(t, client)
	t.Logf("seeded %d pods in %s", scaleNamespaces*scalePodsPerNS, time.Since(began).Round(time.Second))

	var rows []string
	row := func(setup string, took time.Duration, heap uint64, objects string) {
		heapCol := "–"
		if heap > 0 {
			heapCol = fmt.Sprintf("%.1f", float64(heap)/(1<<20))
		}
		rows = append(rows, fmt.Sprintf("| %s | %d | %s | %s |", setup, took.Milliseconds(), heapCol, objects))
		t.Log(rows[len(rows)-1])
	}
	// Three rounds, interleaved, so no setup profits alone from a warm API
	// server cache.
	for round := 1; round <= 3; round++ {
		took, n := listPods(t, client)
		row(fmt.Sprintf("baseline: paginated List of every pod (round %d)", round), took, 0, fmt.Sprintf("%d pods", n))

		took, heap, n := stockInformer(t, client)
		row(fmt.Sprintf("baseline: stock pod informer, full objects (round %d)", round), took, heap, fmt.Sprintf("%d pods", n))

		took, heap, w := startScaleWatcher(t, client, meta, "")
		// Start returns once the Store itself is complete, not just the
		// informers' caches.
		require.EqualValues(t, scaleNamespaces*scalePodsPerNS, w.Pods.Load())
		row(fmt.Sprintf("workload, gateway: every pod, owners, nodes, RBAC (round %d)", round), took, heap,
			fmt.Sprintf("%d pods, %d containers, %d owners", w.Pods.Load(), w.Containers.Load(), w.Owners.Load()))

		took, heap, w = startScaleWatcher(t, client, meta, scaleWatchedNode)
		require.EqualValues(t, scalePodsOnNode, w.Pods.Load())
		row(fmt.Sprintf("workload, DaemonSet: one node's pods, owners, RBAC (round %d)", round), took, heap,
			fmt.Sprintf("%d pods, %d containers, %d owners", w.Pods.Load(), w.Containers.Load(), w.Owners.Load()))
	}
	out := "| setup | start-up ms | heap MiB after GC | cached |\n|---|---|---|---|\n" + strings.Join(rows, "\n") + "\n"
	_ = os.MkdirAll("../../../../_build/bench", 0o755)
	require.NoError(t, os.WriteFile("../../../../_build/bench/workload.md", []byte(out), 0o644))
}

// heapNow is the live heap after a full collection.
func heapNow() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func grown(before, after uint64) uint64 {
	if after < before {
		return 0
	}
	return after - before
}

func listPods(t *testing.T, c kubernetes.Interface) (time.Duration, int) {
	began := time.Now()
	n, cont := 0, ""
	for {
		list, err := c.CoreV1().Pods("").List(context.Background(), metav1.ListOptions{Limit: 500, Continue: cont})
		require.NoError(t, err)
		n += len(list.Items)
		if cont = list.Continue; cont == "" {
			return time.Since(began), n
		}
	}
}

func stockInformer(t *testing.T, c kubernetes.Interface) (time.Duration, uint64, int) {
	before := heapNow()
	began := time.Now()
	factory := informers.NewSharedInformerFactory(c, 0)
	pods := factory.Core().V1().Pods().Informer()
	stop := make(chan struct{})
	factory.Start(stop)
	require.True(t, cache.WaitForCacheSync(stop, pods.HasSynced))
	took := time.Since(began)
	heap := grown(before, heapNow())
	n := len(pods.GetStore().ListKeys())
	close(stop)
	factory.Shutdown()
	return took, heap, n
}

func startScaleWatcher(t *testing.T, c kubernetes.Interface, meta metadata.Interface, node string) (time.Duration, uint64, *Stats) {
	before := heapNow()
	began := time.Now()
	w := NewWatcher(c, meta, WatchConfig{Node: node, Grace: 2 * time.Minute, RBAC: true,
		Extract: Extract{Labels: []string{"app.kubernetes.io/name"}}}, zap.NewNop())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	require.NoError(t, w.Start(ctx))
	took := time.Since(began)
	heap := grown(before, heapNow())
	stats := &w.Store.Stats
	w.Stop()
	return took, heap, stats
}

// seedScale creates the benchmark's cluster with many concurrent writers.
func seedScale(t *testing.T, c kubernetes.Interface) {
	ctx := context.Background()
	jobs := make(chan func() error, 256)
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	for range 16 {
		wg.Go(func() {
			for job := range jobs {
				if err := job(); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	for i := range scalePodsOnNode / 10 {
		name := fmt.Sprintf("node-%d", i)
		jobs <- func() error {
			_, err := c.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name,
				Labels: map[string]string{"topology.kubernetes.io/zone": "eu-west-1a", "node.kubernetes.io/instance-type": "m6i.2xlarge"}},
				Spec: corev1.NodeSpec{ProviderID: "aws:///eu-west-1a/i-0" + fmt.Sprintf("%016x", i)}}, metav1.CreateOptions{})
			return err
		}
	}
	for ns := range scaleNamespaces {
		namespace := fmt.Sprintf("team-%02d", ns)
		_, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}, metav1.CreateOptions{})
		require.NoError(t, err)
		for rs := range scalePodsPerNS / scalePodsPerRS {
			jobs <- func() error { return seedReplicaSet(ctx, c, namespace, ns, rs) }
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
}

// seedReplicaSet creates a ReplicaSet and its pods, each with the status
// the kubelet would report. Pods look like real ones: two containers with
// environment, probes, resources and mounts, labels and annotations.
func seedReplicaSet(ctx context.Context, c kubernetes.Interface, namespace string, ns, rs int) error {
	app := fmt.Sprintf("svc-%02d", rs)
	labels := map[string]string{"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": namespace,
		"app.kubernetes.io/version": "1.4.2", "pod-template-hash": "7d9f8c6b5"}
	tr := true
	created, err := c.AppsV1().ReplicaSets(namespace).Create(ctx, &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: app + "-7d9f8c6b5", Labels: labels,
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: app, UID: "00000000-0000-0000-0000-000000000001", Controller: &tr}}},
		Spec: appsv1.ReplicaSetSpec{Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: scalePodSpec(app)}},
	}, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	for p := range scalePodsPerRS {
		index := (ns*scalePodsPerNS + rs*scalePodsPerRS + p)
		node := scaleWatchedNode
		if index >= scalePodsOnNode {
			node = fmt.Sprintf("node-%d", 1+index%(scalePodsOnNode/10-1))
		}
		spec := scalePodSpec(app)
		spec.NodeName = node
		pod, err := c.CoreV1().Pods(namespace).Create(ctx, &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s-%05d", created.Name, index), Labels: labels,
				Annotations: map[string]string{"prometheus.io/scrape": "true", "prometheus.io/port": "9090",
					"kubectl.kubernetes.io/restartedAt": "2026-11-20T08:00:00Z"},
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: created.Name, UID: created.UID, Controller: &tr}}},
			Spec: spec,
		}, metav1.CreateOptions{})
		if err != nil {
			return err
		}
		pod.Status = corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.1.2.3", HostIP: "10.0.0.4",
			StartTime:  &metav1.Time{Time: time.Now()},
			Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}, {Type: corev1.ContainersReady, Status: corev1.ConditionTrue}},
			ContainerStatuses: []corev1.ContainerStatus{
				{Name: "app", Ready: true, Image: spec.Containers[0].Image, ImageID: "registry.example.com/app@sha256:" + strings.Repeat("a", 64),
					ContainerID: fmt.Sprintf("containerd://%064x", index*2+1)},
				{Name: "proxy", Ready: true, Image: spec.Containers[1].Image, ImageID: "registry.example.com/proxy@sha256:" + strings.Repeat("b", 64),
					ContainerID: fmt.Sprintf("containerd://%064x", index*2+2)},
			}}
		if _, err := c.CoreV1().Pods(namespace).UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
			return err
		}
	}
	return nil
}

func scalePodSpec(app string) corev1.PodSpec {
	env := make([]corev1.EnvVar, 0, 12)
	for i := range 12 {
		env = append(env, corev1.EnvVar{Name: fmt.Sprintf("SETTING_%d", i), Value: "some-configuration-value-" + app})
	}
	probe := &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromInt32(8080)}}, PeriodSeconds: 10}
	resources := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")},
		Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")},
	}
	return corev1.PodSpec{
		Volumes: []corev1.Volume{{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: app}}}}},
		Containers: []corev1.Container{
			{Name: "app", Image: "registry.example.com/" + app + ":1.4.2", Env: env, Resources: resources, LivenessProbe: probe, ReadinessProbe: probe,
				Ports: []corev1.ContainerPort{{ContainerPort: 8080}}, VolumeMounts: []corev1.VolumeMount{{Name: "config", MountPath: "/etc/app", ReadOnly: true}}},
			{Name: "proxy", Image: "registry.example.com/proxy:2.1", Resources: resources, Args: []string{"--listen=:15001", "--upstream=127.0.0.1:8080"}},
		},
		Tolerations: []corev1.Toleration{{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute}},
	}
}
