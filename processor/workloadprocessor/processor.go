package workloadprocessor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"
	"k8s.io/client-go/kubernetes"
	k8smeta "k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/kube"
	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/metadata"
)

// holdCheckInterval is how often held records look for their pod again.
const holdCheckInterval = 100 * time.Millisecond

type workloadProcessor struct {
	set  processor.Settings
	cfg  *Config
	next consumer.Logs
	tel  *metadata.TelemetryBuilder

	// watcher is nil when records pass through untouched (no Kubernetes).
	watcher  *kube.Watcher
	enricher *enricher
	hold     *hold
	// refused are released records the next consumer refused: the caller
	// was answered when they were held, so they are offered again here
	// until refusedPatience has passed. Only the release loop (and
	// Shutdown, after it) touches them.
	refused []refusedBatch
	cancel  context.CancelFunc
	done    sync.WaitGroup
}

func newProcessor(set processor.Settings, cfg *Config, next consumer.Logs) (*workloadProcessor, error) {
	tel, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	return &workloadProcessor{set: set, cfg: cfg, next: next, tel: tel}, nil
}

// result is how a resource was associated: the "result" attribute of
// otelcol_processor_workload_associations.
type result int

const (
	resultContainer result = iota
	resultPod
	resultHeld
	resultMissed
	resultOverflow
	resultLost
	results
)

// resultAttrs are the metric options of each result, built once: the
// counter is added to for every batch.
var resultAttrs = func() (out [results]metric.AddOption) {
	for r, name := range [results]string{"container", "pod", "held", "missed", "overflow", "lost"} {
		out[r] = metric.WithAttributeSet(attribute.NewSet(attribute.String("result", name)))
	}
	return out
}()

func (p *workloadProcessor) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: true}
}

// restConfig finds how to reach the API server; nil with no error means
// there is no Kubernetes to reach.
func (p *workloadProcessor) restConfig() (*rest.Config, error) {
	switch p.cfg.AuthType {
	case AuthNone:
		return nil, nil
	case AuthKubeConfig:
		c, err := clientcmd.BuildConfigFromFlags("", p.cfg.KubeConfig)
		if err != nil {
			return nil, fmt.Errorf("reading kubeconfig %s: %w", p.cfg.KubeConfig, err)
		}
		return c, nil
	}
	c, err := rest.InClusterConfig()
	if errors.Is(err, rest.ErrNotInCluster) {
		return nil, nil
	}
	return c, err
}

// Start connects to the API server and fills the caches. Without
// Kubernetes (outside a cluster, nothing configured) records pass through:
// that is never a reason for the collector not to start.
func (p *workloadProcessor) Start(ctx context.Context, _ component.Host) error {
	rc, err := p.restConfig()
	if err != nil {
		return fmt.Errorf("workload processor: %w", err)
	}
	if rc == nil {
		p.set.Logger.Info("no Kubernetes API (not running in a cluster and no kubeconfig configured): records pass through without workload context")
		return nil
	}
	client, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return fmt.Errorf("workload processor: %w", err)
	}
	meta, err := k8smeta.NewForConfig(rc)
	if err != nil {
		return fmt.Errorf("workload processor: %w", err)
	}
	node := p.cfg.Node
	if node == "" && p.cfg.NodeFromEnvVar != "" {
		node = os.Getenv(p.cfg.NodeFromEnvVar)
	}
	p.watcher = kube.NewWatcher(client, meta, kube.WatchConfig{
		Node:    node,
		Extract: kube.Extract{Labels: keys(p.cfg.Extract.Labels), Annotations: keys(p.cfg.Extract.Annotations)},
		Grace:   p.cfg.PodDeleteGracePeriod,
		RBAC:    p.cfg.RBAC,
	}, p.set.Logger)
	p.enricher = &enricher{
		store: p.watcher.Store, cluster: p.cfg.ClusterName, node: node,
		labels:      newTagged(p.cfg.Extract.Labels, schema.K8sPodLabelPrefix),
		annotations: newTagged(p.cfg.Extract.Annotations, schema.K8sPodAnnotationPrefix),
	}
	if p.cfg.RBAC {
		p.enricher.rbac = p.watcher.RBAC
	}
	p.hold = &hold{maxRecords: p.cfg.WaitForPod.MaxRecords, timeout: p.cfg.WaitForPod.Timeout}
	if err := p.registerGauges(); err != nil {
		return err
	}

	syncCtx, cancel := context.WithTimeout(ctx, p.cfg.SyncTimeout)
	defer cancel()
	started := time.Now()
	if err := p.watcher.Start(syncCtx); err != nil {
		// The informers keep trying: records get their context once they can.
		p.set.Logger.Error("Kubernetes caches not filled at start; continuing while the informers retry", zap.Error(err))
	} else {
		p.set.Logger.Info("Kubernetes caches filled", zap.String("node", node), zap.Duration("took", time.Since(started)),
			zap.Int64("pods", p.watcher.Store.Stats.Pods.Load()))
	}
	runCtx, stop := context.WithCancel(context.Background())
	p.cancel = stop
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		p.releaseLoop(runCtx)
	}()
	return nil
}

func keys(fields []FieldExtract) []string {
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		out = append(out, f.Key)
	}
	return out
}

// Shutdown sends the records still held and stops the informers; what the
// next consumer still refuses is counted lost.
func (p *workloadProcessor) Shutdown(ctx context.Context) error {
	if p.cancel != nil {
		p.cancel()
		p.done.Wait()
		p.cancel = nil
		now := time.Now()
		for _, logs := range p.hold.drain() {
			p.send(ctx, logs, resultMissed, now)
		}
		p.retryRefused(ctx, now.Add(p.refusedPatience()))
	}
	if p.watcher != nil {
		p.watcher.Stop()
	}
	p.tel.Shutdown()
	return nil
}

// ConsumeLogs adds each resource's workload and passes the records on;
// resources whose pod the cache does not know yet are held for a while.
func (p *workloadProcessor) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	if p.enricher == nil {
		return p.next.ConsumeLogs(ctx, ld)
	}
	now := time.Now()
	var counts [results]int64
	ld.ResourceLogs().RemoveIf(func(rl plog.ResourceLogs) bool {
		switch p.enricher.enrich(rl.Resource().Attributes()) {
		case withContainer:
			counts[resultContainer]++
		case withPod:
			counts[resultPod]++
		case unknown:
			if p.cfg.WaitForPod.Timeout > 0 {
				if p.hold.add(rl, now) {
					return true // moved into the hold
				}
				counts[resultOverflow]++
			} else {
				counts[resultMissed]++
			}
		}
		return false
	})
	for r, n := range counts {
		if n > 0 {
			p.tel.ProcessorWorkloadAssociations.Add(ctx, n, resultAttrs[r])
		}
	}
	if ld.ResourceLogs().Len() == 0 {
		return nil
	}
	return p.next.ConsumeLogs(ctx, ld)
}

// releaseLoop sends held records once their pod is known, or without it
// once they have waited long enough, and offers refused ones again.
func (p *workloadProcessor) releaseLoop(ctx context.Context) {
	tick := time.NewTicker(holdCheckInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			p.retryRefused(ctx, now)
			resolved, expired := p.hold.take(now, func(rl plog.ResourceLogs) bool {
				a := p.enricher.enrich(rl.Resource().Attributes())
				return a == withContainer || a == withPod
			})
			for _, logs := range resolved {
				p.send(ctx, logs, resultHeld, now)
			}
			for _, logs := range expired {
				p.send(ctx, logs, resultMissed, now)
			}
		}
	}
}

// refusedBatch is released records the next consumer refused.
type refusedBatch struct {
	logs  plog.Logs
	r     result
	until time.Time // given up after
}

// refusedPatience is how long refused records are offered again.
func (p *workloadProcessor) refusedPatience() time.Duration {
	return max(p.cfg.WaitForPod.Timeout, 5*time.Second)
}

// send passes released records on. The upstream consumer was answered when
// they were held, so a refusal cannot go back to it: they are kept and
// offered again (retryRefused).
func (p *workloadProcessor) send(ctx context.Context, logs plog.Logs, r result, now time.Time) {
	ctx = context.WithoutCancel(ctx)
	if err := p.next.ConsumeLogs(ctx, logs); err != nil {
		p.set.Logger.Warn("held records refused by the next consumer; offered again", zap.Int("records", logs.LogRecordCount()), zap.Error(err))
		p.refused = append(p.refused, refusedBatch{logs: logs, r: r, until: now.Add(p.refusedPatience())})
		return
	}
	p.tel.ProcessorWorkloadAssociations.Add(ctx, 1, resultAttrs[r])
}

// retryRefused offers the refused records again; those refused past their
// time (now) are counted lost.
func (p *workloadProcessor) retryRefused(ctx context.Context, now time.Time) {
	ctx = context.WithoutCancel(ctx)
	kept := p.refused[:0]
	for _, b := range p.refused {
		err := p.next.ConsumeLogs(ctx, b.logs)
		switch {
		case err == nil:
			p.tel.ProcessorWorkloadAssociations.Add(ctx, 1, resultAttrs[b.r])
		case !now.Before(b.until):
			p.set.Logger.Error("held records lost: the next consumer kept refusing them", zap.Int("records", b.logs.LogRecordCount()), zap.Error(err))
			p.tel.ProcessorWorkloadAssociations.Add(ctx, 1, resultAttrs[resultLost])
		default:
			kept = append(kept, b)
		}
	}
	p.refused = kept
}

func (p *workloadProcessor) registerGauges() error {
	s := &p.watcher.Store.Stats
	return errors.Join(
		p.tel.RegisterProcessorWorkloadCachedPodsCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(s.Pods.Load())
			return nil
		}),
		p.tel.RegisterProcessorWorkloadCachedContainersCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(s.Containers.Load())
			return nil
		}),
		p.tel.RegisterProcessorWorkloadCachedOwnersCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(s.Owners.Load())
			return nil
		}),
		p.tel.RegisterProcessorWorkloadHeldRecordsCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(p.hold.size())
			return nil
		}),
		p.tel.RegisterProcessorWorkloadAPIErrorsCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(p.watcher.APIErrors.Load())
			return nil
		}),
	)
}
