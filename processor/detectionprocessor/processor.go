package detectionprocessor

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/correlate"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/engine"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/finding"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/metadata"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/risk"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rulesource"
)

// tickInterval is how often fold summaries are sent and correlation state
// past its window is swept.
const tickInterval = time.Second

type detectionProcessor struct {
	set     processor.Settings
	cfg     *Config
	next    consumer.Logs
	tel     *metadata.TelemetryBuilder
	eval    *engine.Evaluator
	weights risk.Weights
	folder  *folder // nil when findings are not folded
	// unsent are summaries the next consumer refused, offered again on
	// each tick: they exist nowhere else.
	unsent []plog.Logs
	byRule map[*rules.Compiled]metric.AddOption

	mu      sync.Mutex // one batch at a time: correlation state is ordered
	matched []*rules.Compiled
	cancel  context.CancelFunc
	done    sync.WaitGroup
}

// result is what happened to a finding: the "result" attribute of
// otelcol_processor_detection_findings.
type result int

const (
	resultSent     result = iota // sent at once
	resultFolded                 // folded into a later summary
	resultUnfolded               // sent at once: the fold state was full
	resultSummary                // a summary of folded repeats, accepted downstream
	resultLost                   // a summary refused downstream until shutdown
	results
)

// resultAttrs are each result's metric options, built once.
var resultAttrs = func() (out [results]metric.AddOption) {
	for r, name := range [results]string{"sent", "folded", "unfolded", "summary", "lost"} {
		out[r] = metric.WithAttributeSet(attribute.NewSet(attribute.String("result", name)))
	}
	return out
}()

// newProcessor loads and compiles every rule: any problem in any file stops
// the collector, never a detection stage running with part of its rules.
func newProcessor(set processor.Settings, cfg *Config, next consumer.Logs) (*detectionProcessor, error) {
	files, err := rulesource.Load(rulesource.Config{Pack: cfg.DefaultRules, Paths: cfg.Rules, Lists: cfg.Lists})
	if err != nil {
		return nil, fmt.Errorf("detection rules:\n%w", err)
	}
	compiled, err := rules.Compile(files, set.TelemetrySettings)
	if err != nil {
		return nil, fmt.Errorf("detection rules:\n%w", err)
	}
	for _, r := range compiled.Rules {
		if r.Threshold != nil && r.Threshold.Distinct != nil && r.Threshold.Count > cfg.Correlation.MaxValues {
			return nil, fmt.Errorf("detection rules: %s: rule %s: threshold.count %d is above correlation::max_values %d: it could never fire",
				r.Pos, r.ID, r.Threshold.Count, cfg.Correlation.MaxValues)
		}
	}
	tel, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	p := &detectionProcessor{set: set, cfg: cfg, next: next, tel: tel, weights: cfg.weights(),
		byRule: map[*rules.Compiled]metric.AddOption{}}
	for _, r := range compiled.Rules {
		p.byRule[r] = metric.WithAttributeSet(attribute.NewSet(attribute.String("rule", r.ID)))
	}
	p.eval = engine.New(engine.NewPlan(compiled), correlate.Limits{MaxKeys: cfg.Correlation.MaxKeys, MaxValues: cfg.Correlation.MaxValues},
		func(r *rules.Compiled, err error) {
			tel.ProcessorDetectionConditionErrors.Add(context.Background(), 1, p.byRule[r])
			set.Logger.Debug("rule condition failed on a record", zap.String("rule", r.ID), zap.Error(err))
		})
	if cfg.Fold.Window > 0 {
		p.folder = newFolder(cfg.Fold.Window, cfg.Fold.MaxKeys)
	}
	set.Logger.Info("detection rules loaded", zap.Int("enabled", len(compiled.Rules)), zap.Bool("default_rules", cfg.DefaultRules), zap.Strings("files", cfg.Rules))
	return p, nil
}

func (p *detectionProcessor) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: true}
}

// Start begins sending fold summaries and sweeping correlation state.
func (p *detectionProcessor) Start(context.Context, component.Host) error {
	if err := p.registerGauges(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		tick := time.NewTicker(tickInterval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-tick.C:
				p.eval.Sweep(now)
				p.sendSummaries(ctx, now)
			}
		}
	}()
	return nil
}

// Shutdown sends the summaries of the folds still open, and those refused
// before; what the next consumer still refuses is counted lost.
func (p *detectionProcessor) Shutdown(ctx context.Context) error {
	if p.cancel != nil {
		p.cancel()
		p.done.Wait()
		p.cancel = nil
		p.sendSummaries(ctx, time.Now().Add(time.Hour+p.cfg.Fold.Window))
		if n := len(p.unsent); n > 0 {
			p.tel.ProcessorDetectionFindings.Add(context.WithoutCancel(ctx), int64(n), resultAttrs[resultLost])
			p.set.Logger.Error("fold summaries lost: the next consumer refused them until shutdown", zap.Int("summaries", n))
			p.unsent = nil
		}
	}
	p.tel.Shutdown()
	return nil
}

// sendSummaries passes on the summaries of the folds whose window ended,
// and those refused before. A refused summary is kept and offered again:
// the findings it counts were acknowledged upstream long ago. At most
// fold.max_keys wait; beyond, the oldest are counted lost.
func (p *detectionProcessor) sendSummaries(ctx context.Context, now time.Time) {
	if p.folder == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	pending := append(p.unsent, p.folder.due(now)...)
	p.unsent = nil
	for i, logs := range pending {
		if err := p.next.ConsumeLogs(ctx, logs); err != nil {
			p.set.Logger.Warn("fold summaries refused by the next consumer; offered again in a second", zap.Error(err))
			p.unsent = pending[i:]
			break
		}
		p.tel.ProcessorDetectionFindings.Add(ctx, 1, resultAttrs[resultSummary])
	}
	if over := len(p.unsent) - p.cfg.Fold.MaxKeys; over > 0 {
		p.tel.ProcessorDetectionFindings.Add(ctx, int64(over), resultAttrs[resultLost])
		p.unsent = p.unsent[over:]
	}
}

// ConsumeLogs tests every record, annotates findings, folds repeats, and
// drops non-findings when only findings are wanted.
func (p *detectionProcessor) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	p.mu.Lock()
	now := time.Now()
	var evaluated int64
	var counts [results]int64
	for _, rl := range ld.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			sl.LogRecords().RemoveIf(func(lr plog.LogRecord) bool {
				var tested bool
				p.matched, tested = p.eval.Evaluate(ctx, rl, sl, lr, p.matched[:0])
				if tested {
					evaluated++
				}
				if len(p.matched) == 0 {
					return p.cfg.Output == OutputFindings
				}
				for _, r := range p.matched {
					p.tel.ProcessorDetectionMatches.Add(ctx, 1, p.byRule[r])
				}
				primary := finding.Annotate(lr, rl.Resource().Attributes(), p.matched, p.weights)
				r := p.fold(primary, rl, sl, lr, now)
				counts[r]++
				if r != resultFolded {
					return false
				}
				// A folded repeat is counted by its summary. With output
				// all every record still goes on, marked so that alerting
				// does not count it twice.
				lr.Attributes().PutBool(schema.VigilFindingFolded, true)
				return p.cfg.Output == OutputFindings
			})
		}
		rl.ScopeLogs().RemoveIf(func(sl plog.ScopeLogs) bool { return sl.LogRecords().Len() == 0 })
	}
	ld.ResourceLogs().RemoveIf(func(rl plog.ResourceLogs) bool { return rl.ScopeLogs().Len() == 0 })
	p.mu.Unlock()

	if evaluated > 0 {
		p.tel.ProcessorDetectionEvaluations.Add(ctx, evaluated)
	}
	for r, n := range counts {
		if n > 0 {
			p.tel.ProcessorDetectionFindings.Add(ctx, n, resultAttrs[r])
		}
	}
	if ld.ResourceLogs().Len() == 0 {
		return nil
	}
	return p.next.ConsumeLogs(ctx, ld)
}

// fold decides what happens to a finding of rule: sent, folded or unfolded.
func (p *detectionProcessor) fold(rule *rules.Compiled, rl plog.ResourceLogs, sl plog.ScopeLogs, lr plog.LogRecord, now time.Time) result {
	if p.folder == nil {
		return resultSent
	}
	res := rl.Resource().Attributes()
	workload := engine.Attr(res, schema.ContainerID)
	if workload == "" {
		workload = engine.Attr(res, schema.HostID)
	}
	key := foldKey{rule: rule.ID, workload: workload, process: engine.Attr(lr.Attributes(), schema.VigilExecID)}
	send, full := p.folder.admit(key, now, func() plog.Logs { return copyRecord(rl, sl, lr) })
	switch {
	case full:
		return resultUnfolded
	case send:
		return resultSent
	}
	return resultFolded
}

func (p *detectionProcessor) registerGauges() error {
	return errors.Join(
		p.tel.RegisterProcessorDetectionCorrelationKeysCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(int64(p.eval.Stats().Keys))
			return nil
		}),
		p.tel.RegisterProcessorDetectionCorrelationEvictionsCallback(func(_ context.Context, o metric.Int64Observer) error {
			s := p.eval.Stats()
			o.Observe(s.EvictedKeys + s.DroppedValues)
			return nil
		}),
		p.tel.RegisterProcessorDetectionFoldingKeysCallback(func(_ context.Context, o metric.Int64Observer) error {
			if p.folder != nil {
				o.Observe(p.folder.size())
			}
			return nil
		}),
	)
}
