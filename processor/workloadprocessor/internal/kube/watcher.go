package kube

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/tools/cache"

	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/cloud"
)

// WatchConfig says what to watch.
type WatchConfig struct {
	// Node restricts pods (and nodes) to this node: the DaemonSet mode.
	// Empty watches the whole cluster: the gateway mode.
	Node    string
	Extract Extract
	// Grace keeps deleted pods resolvable this long.
	Grace time.Duration
	// RBAC watches bindings and roles, for the service accounts' power.
	RBAC bool
}

// Watcher runs the informers that keep a Store and an RBAC index current.
type Watcher struct {
	Store *Store
	RBAC  *RBAC
	// APIErrors counts failed list and watch calls.
	APIErrors atomic.Int64

	cfg      WatchConfig
	logger   *zap.Logger
	typed    informers.SharedInformerFactory // pods, of this node when Node is set
	nodes    informers.SharedInformerFactory // this node, or all
	cluster  informers.SharedInformerFactory // cluster-wide RBAC objects: no selector applies
	meta     metadatainformer.SharedInformerFactory
	cancel   context.CancelFunc
	done     sync.WaitGroup
	synced   []cache.InformerSynced // one per event handler
	setupErr error
}

// resync is how often informers replay their cache to the handlers, a safety
// net for missed events.
const resync = 10 * time.Minute

// NewWatcher prepares the informers; nothing is listed before Start.
func NewWatcher(client kubernetes.Interface, meta metadata.Interface, cfg WatchConfig, logger *zap.Logger) *Watcher {
	w := &Watcher{Store: NewStore(cfg.Grace), RBAC: &RBAC{}, cfg: cfg, logger: logger}
	podOpts := []informers.SharedInformerOption{}
	nodeOpts := []informers.SharedInformerOption{}
	if cfg.Node != "" {
		podOpts = append(podOpts, informers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.FieldSelector = fields.OneTermEqualSelector("spec.nodeName", cfg.Node).String()
		}))
		nodeOpts = append(nodeOpts, informers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.FieldSelector = fields.OneTermEqualSelector("metadata.name", cfg.Node).String()
		}))
	}
	w.typed = informers.NewSharedInformerFactoryWithOptions(client, resync, podOpts...)
	w.nodes = informers.NewSharedInformerFactoryWithOptions(client, resync, nodeOpts...)
	w.cluster = informers.NewSharedInformerFactory(client, resync)
	w.meta = metadatainformer.NewSharedInformerFactory(meta, resync)
	return w
}

// Start lists everything and starts watching; it returns once the caches
// are filled, or with an error at the deadline of ctx.
func (w *Watcher) Start(ctx context.Context) error {
	pods := w.typed.Core().V1().Pods().Informer()
	_ = pods.SetTransform(stripPod)
	w.handle(pods, func(obj any) {
		// The field selector already limits pods to the node; checking
		// again costs nothing and holds for any API server.
		if p, ok := obj.(*corev1.Pod); ok && (w.cfg.Node == "" || p.Spec.NodeName == w.cfg.Node) {
			w.Store.UpsertPod(toPod(p, w.cfg.Extract))
		}
	}, func(obj any) {
		if p, ok := obj.(*corev1.Pod); ok {
			w.Store.DeletePod(string(p.UID))
		}
	})

	for _, owned := range []struct {
		kind string
		gvr  schema.GroupVersionResource
	}{
		{"ReplicaSet", schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "replicasets"}},
		{"Job", schema.GroupVersionResource{Group: "batch", Version: "v1", Resource: "jobs"}},
	} {
		kind := owned.kind
		inf := w.meta.ForResource(owned.gvr).Informer()
		_ = inf.SetTransform(stripMetadata)
		w.handle(inf, func(obj any) {
			if m, ok := obj.(*metav1.PartialObjectMetadata); ok {
				if c := metav1.GetControllerOf(m); c != nil {
					w.Store.SetOwner(m.Namespace, kind, m.Name, Ref{Kind: c.Kind, Name: c.Name})
				}
			}
		}, func(obj any) {
			if m, ok := obj.(*metav1.PartialObjectMetadata); ok {
				w.Store.SetOwner(m.Namespace, kind, m.Name, Ref{})
			}
		})
	}

	nodes := w.nodes.Core().V1().Nodes().Informer()
	_ = nodes.SetTransform(stripNode)
	w.handle(nodes, func(obj any) {
		if n, ok := obj.(*corev1.Node); ok && (w.cfg.Node == "" || n.Name == w.cfg.Node) {
			w.Store.SetNode(n.Name, &Node{Name: n.Name, Cloud: cloud.FromNode(n.Spec.ProviderID, n.Labels)})
		}
	}, func(obj any) {
		if n, ok := obj.(*corev1.Node); ok {
			w.Store.SetNode(n.Name, nil)
		}
	})

	if w.cfg.RBAC {
		rbac := w.cluster.Rbac().V1()
		w.RBAC.RoleBindings = rbac.RoleBindings().Lister()
		w.RBAC.ClusterRoleBindings = rbac.ClusterRoleBindings().Lister()
		w.RBAC.Roles = rbac.Roles().Lister()
		w.RBAC.ClusterRoles = rbac.ClusterRoles().Lister()
		invalidate := func(any) { w.RBAC.Invalidate() }
		for _, inf := range []cache.SharedIndexInformer{rbac.RoleBindings().Informer(), rbac.ClusterRoleBindings().Informer(),
			rbac.Roles().Informer(), rbac.ClusterRoles().Informer()} {
			w.handle(inf, invalidate, invalidate)
		}
	}

	if w.setupErr != nil {
		return w.setupErr
	}
	runCtx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.typed.Start(runCtx.Done())
	w.nodes.Start(runCtx.Done())
	w.cluster.Start(runCtx.Done())
	w.meta.Start(runCtx.Done())
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		w.expireLoop(runCtx)
	}()

	if !cache.WaitForCacheSync(ctx.Done(), w.synced...) {
		return fmt.Errorf("the Kubernetes caches did not fill before the deadline (%d failed API calls so far)", w.APIErrors.Load())
	}
	return nil
}

// handle wires an informer to store updates and counts its API errors.
func (w *Watcher) handle(inf cache.SharedIndexInformer, upsert, remove func(any)) {
	_ = inf.SetWatchErrorHandlerWithContext(func(_ context.Context, _ *cache.Reflector, err error) {
		w.APIErrors.Add(1)
		w.logger.Warn("Kubernetes list/watch failed; retrying", zap.Error(err))
	})
	reg, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    upsert,
		UpdateFunc: func(_, obj any) { upsert(obj) },
		DeleteFunc: func(obj any) {
			if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = tomb.Obj
			}
			remove(obj)
		},
	})
	if err != nil { // only for an informer already stopped
		w.setupErr = errors.Join(w.setupErr, err)
		return
	}
	// The informer's own HasSynced turns true once its store is filled; the
	// handler's, once the handler has been given every listed object, which
	// is when the Store is complete.
	w.synced = append(w.synced, reg.HasSynced)
}

func (w *Watcher) expireLoop(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			w.Store.Expire()
		}
	}
}

// Stop ends every informer. Safe without Start and twice.
func (w *Watcher) Stop() {
	if w.cancel == nil {
		return
	}
	w.cancel()
	w.typed.Shutdown()
	w.nodes.Shutdown()
	w.cluster.Shutdown()
	w.meta.Shutdown()
	w.done.Wait()
	w.cancel = nil
}

// stripPod drops what the processor never reads before the informer keeps
// a pod: managed fields, the status beyond container ids and start time,
// and the heavy parts of the spec. It keeps the cache small on big nodes.
func stripPod(obj any) (any, error) {
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return obj, nil
	}
	p.ManagedFields = nil
	p.Status = corev1.PodStatus{
		StartTime:                  p.Status.StartTime,
		ContainerStatuses:          stripStatuses(p.Status.ContainerStatuses),
		InitContainerStatuses:      stripStatuses(p.Status.InitContainerStatuses),
		EphemeralContainerStatuses: stripStatuses(p.Status.EphemeralContainerStatuses),
	}
	for i := range p.Spec.Containers {
		stripContainer(&p.Spec.Containers[i])
	}
	for i := range p.Spec.InitContainers {
		stripContainer(&p.Spec.InitContainers[i])
	}
	p.Spec.Affinity, p.Spec.Tolerations, p.Spec.TopologySpreadConstraints = nil, nil, nil
	return p, nil
}

func stripStatuses(in []corev1.ContainerStatus) []corev1.ContainerStatus {
	out := make([]corev1.ContainerStatus, len(in))
	for i, s := range in {
		out[i] = corev1.ContainerStatus{Name: s.Name, ContainerID: s.ContainerID, Image: s.Image}
	}
	return out
}

func stripContainer(c *corev1.Container) {
	c.Env, c.EnvFrom, c.Command, c.Args = nil, nil, nil, nil
	c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle = nil, nil, nil, nil
	c.Resources = corev1.ResourceRequirements{}
}

// stripMetadata keeps of a ReplicaSet's or Job's metadata what owner
// resolution reads: a big cluster has many of them, with long managed fields.
func stripMetadata(obj any) (any, error) {
	m, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		return obj, nil
	}
	return &metav1.PartialObjectMetadata{TypeMeta: m.TypeMeta, ObjectMeta: metav1.ObjectMeta{
		Name: m.Name, Namespace: m.Namespace, UID: m.UID, ResourceVersion: m.ResourceVersion,
		OwnerReferences: m.OwnerReferences,
	}}, nil
}

// stripNode keeps the provider ID and labels cloud identity is read from;
// a node's status (images, conditions) is large and never read.
func stripNode(obj any) (any, error) {
	n, ok := obj.(*corev1.Node)
	if !ok {
		return obj, nil
	}
	return &corev1.Node{TypeMeta: n.TypeMeta, ObjectMeta: metav1.ObjectMeta{
		Name: n.Name, UID: n.UID, ResourceVersion: n.ResourceVersion, Labels: n.Labels,
	}, Spec: corev1.NodeSpec{ProviderID: n.Spec.ProviderID}}, nil
}
