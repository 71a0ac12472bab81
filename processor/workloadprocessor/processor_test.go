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

	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/cloud"
	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/kube"
	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/metadata"
	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/posture"
)

const cid = "4f0c1a4a4e4b2b6c8d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"

func samplePod() *kube.Pod {
	p := &kube.Pod{UID: "0b5f7c3e-1d2a-4b6c-8e9f-a0b1c2d3e4f5", Name: "web-7d9f-abcde", Namespace: "shop", Node: "node-1",
		StartTime: "2026-11-25T10:00:00Z", Owner: kube.Ref{Kind: "ReplicaSet", Name: "web-7d9f"},
		Labels:  map[string]string{"team": "payments"},
		Posture: posture.Pod{HostPID: true, ServiceAccount: "web", TokenMounted: true}}
	p.Containers = []*kube.Container{{Name: "nginx", ID: cid, ImageName: "registry.example.com/nginx", ImageTags: []string{"1.27"}, Pod: p,
		Posture: posture.Container{Privileged: true, AllowPrivilegeEscalation: true, RunsAsRoot: true, CapabilitiesAdded: []string{"CAP_SYS_ADMIN"},
			HostPaths: []posture.HostPath{{Path: "/var/run/docker.sock", Writable: true}}}}}
	return p
}

// newTestProcessor is the processor with a store the test fills, without an API server.
func newTestProcessor(t testing.TB, wait time.Duration) (*workloadProcessor, *kube.Store, *consumertest.LogsSink) {
	sink := new(consumertest.LogsSink)
	cfg := createDefaultConfig()
	cfg.WaitForPod.Timeout = wait
	p, err := newProcessor(processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	store := kube.NewStore(time.Minute)
	store.SetNode("node-1", &kube.Node{Name: "node-1", Cloud: cloud.ParseProviderID("aws:///eu-west-1b/i-0abc")})
	store.SetOwner("shop", "ReplicaSet", "web-7d9f", kube.Ref{Kind: "Deployment", Name: "web"})
	p.enricher = &enricher{store: store, cluster: "prod", node: "node-1", labels: newTagged([]FieldExtract{{Key: "team"}}, "k8s.pod.label.")}
	p.hold = &hold{maxRecords: 100, timeout: wait}
	return p, store, sink
}

func logsFor(containerID string, records int) plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	if containerID != "" {
		rl.Resource().Attributes().PutStr("container.id", containerID)
	}
	rl.Resource().Attributes().PutStr("host.id", "machine-id")
	for range records {
		rl.ScopeLogs().AppendEmpty().LogRecords().AppendEmpty().SetEventName("process.exec")
	}
	return ld
}

func TestEnrichesWithPodContainerPostureAndCloud(t *testing.T) {
	p, store, sink := newTestProcessor(t, 0)
	store.UpsertPod(samplePod())
	require.NoError(t, p.ConsumeLogs(context.Background(), logsFor(cid, 1)))
	require.Equal(t, 1, sink.LogRecordCount())
	got := sink.AllLogs()[0].ResourceLogs().At(0).Resource().Attributes().AsRaw()
	assert.Equal(t, map[string]any{
		"container.id": cid, "k8s.cluster.name": "prod", "vigil.k8s.association": "container",
		"k8s.namespace.name": "shop", "k8s.pod.name": "web-7d9f-abcde", "k8s.pod.uid": "0b5f7c3e-1d2a-4b6c-8e9f-a0b1c2d3e4f5",
		"k8s.pod.start_time": "2026-11-25T10:00:00Z", "k8s.replicaset.name": "web-7d9f", "k8s.deployment.name": "web",
		"k8s.pod.label.team": "payments", "k8s.node.name": "node-1", "k8s.container.name": "nginx",
		"container.image.name": "registry.example.com/nginx", "container.image.tags": []any{"1.27"},
		"vigil.k8s.pod.host_network": false, "vigil.k8s.pod.host_pid": true, "vigil.k8s.pod.host_ipc": false,
		"vigil.k8s.service_account.name": "web", "vigil.k8s.service_account.token_mounted": true,
		"vigil.k8s.container.privileged": true, "vigil.k8s.container.allow_privilege_escalation": true,
		"vigil.k8s.container.runs_as_root": true, "vigil.k8s.container.capabilities.added": []any{"CAP_SYS_ADMIN"},
		"vigil.k8s.container.host_paths": []any{"/var/run/docker.sock"}, "vigil.k8s.container.host_path.writable": true,
		"vigil.k8s.container.host_path.runtime_socket": true, "vigil.k8s.container.host_path.root": false,
		"cloud.provider": "aws", "cloud.platform": "aws_ec2", "cloud.region": "eu-west-1", "cloud.availability_zone": "eu-west-1b",
		"host.id": "i-0abc",
	}, got)
}

func TestHostRecordsGetTheNodeOnly(t *testing.T) {
	p, _, sink := newTestProcessor(t, 0)
	require.NoError(t, p.ConsumeLogs(context.Background(), logsFor("", 1)))
	got := sink.AllLogs()[0].ResourceLogs().At(0).Resource().Attributes().AsRaw()
	assert.Equal(t, "node-1", got["k8s.node.name"])
	assert.Equal(t, "i-0abc", got["host.id"])
	assert.NotContains(t, got, "k8s.pod.name")
}

func TestRecordsWaitForTheirPod(t *testing.T) {
	p, store, sink := newTestProcessor(t, time.Minute)
	require.NoError(t, p.ConsumeLogs(context.Background(), logsFor(cid, 3)))
	assert.Zero(t, sink.LogRecordCount(), "held: the pod is not known yet")
	assert.Equal(t, int64(3), p.hold.size())

	store.UpsertPod(samplePod())
	resolved, expired := p.hold.take(time.Now(), func(rl plog.ResourceLogs) bool {
		return p.enricher.enrich(rl.Resource().Attributes()) == withContainer
	})
	require.Len(t, resolved, 1)
	assert.Empty(t, expired)
	assert.Equal(t, "web-7d9f-abcde", resolved[0].ResourceLogs().At(0).Resource().Attributes().AsRaw()["k8s.pod.name"])
	assert.Zero(t, p.hold.size())
}

func TestHeldRecordsGoWithoutTheirPodAfterTheTimeout(t *testing.T) {
	p, _, _ := newTestProcessor(t, time.Second)
	require.NoError(t, p.ConsumeLogs(context.Background(), logsFor(cid, 1)))
	resolved, expired := p.hold.take(time.Now().Add(2*time.Second), func(rl plog.ResourceLogs) bool {
		return p.enricher.enrich(rl.Resource().Attributes()) == withContainer
	})
	assert.Empty(t, resolved)
	require.Len(t, expired, 1)
	assert.Equal(t, "unresolved", expired[0].ResourceLogs().At(0).Resource().Attributes().AsRaw()["vigil.k8s.association"])
}

func TestHoldIsBounded(t *testing.T) {
	p, _, sink := newTestProcessor(t, time.Minute)
	p.hold.maxRecords = 2
	require.NoError(t, p.ConsumeLogs(context.Background(), logsFor(cid, 2)))
	require.NoError(t, p.ConsumeLogs(context.Background(), logsFor(cid, 1)))
	assert.Equal(t, 1, sink.LogRecordCount(), "no room: sent at once, without its workload")
	assert.Equal(t, int64(2), p.hold.size())
}

func TestWithoutKubernetesRecordsPassThrough(t *testing.T) {
	sink := new(consumertest.LogsSink)
	cfg := createDefaultConfig() // serviceAccount auth, but not in a cluster here
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	p, err := NewFactory().CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	ld := logsFor(cid, 1)
	require.NoError(t, p.ConsumeLogs(context.Background(), ld))
	assert.Equal(t, map[string]any{"container.id": cid, "host.id": "machine-id"}, sink.AllLogs()[0].ResourceLogs().At(0).Resource().Attributes().AsRaw())
	require.NoError(t, p.Shutdown(context.Background()))
}

// BenchmarkLookup is the association of one record batch with its
// container: the per-record cost beyond writing the attributes.
func BenchmarkLookup(b *testing.B) {
	store := kube.NewStore(time.Minute)
	store.UpsertPod(samplePod())
	b.ReportAllocs()
	for b.Loop() {
		if c := store.Container(cid); c == nil || c.Pod == nil {
			b.Fatal("miss")
		}
	}
}

// BenchmarkConsumeLogs is the processor's cost per record in a batch of one
// container's 100 records (the receiver batches by container), beside the
// same processor passing records through (no Kubernetes), the baseline.
func BenchmarkConsumeLogs(b *testing.B) {
	const records = 100
	for _, setup := range []string{"pass-through", "workload"} {
		b.Run(setup, func(b *testing.B) {
			p, store, _ := newTestProcessor(b, 0)
			p.next = consumertest.NewNop()
			store.UpsertPod(samplePod())
			if setup == "pass-through" {
				p.enricher = nil
			}
			// One batch, processed again and again: attributes written by
			// the previous round are overwritten as a new batch's are set.
			ld := logsFor(cid, records)
			b.ReportAllocs()
			for b.Loop() {
				if err := p.ConsumeLogs(context.Background(), ld); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*records), "ns/record")
		})
	}
}
