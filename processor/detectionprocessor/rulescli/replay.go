package rulescli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/correlate"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/engine"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/finding"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/risk"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// replay runs the rules over recorded logs in order, correlation included,
// and prints what the processor would have found (without folding).
func replay(o *options, stdout, stderr io.Writer) int {
	if o.input == "" {
		fmt.Fprintln(stderr, "vigil-rules replay: -input is required")
		return 2
	}
	set, err := compile(o)
	if err != nil {
		report(stderr, err)
		return 1
	}
	data, err := readInput(o.input)
	if err != nil {
		fmt.Fprintf(stderr, "vigil-rules replay: %v\n", err)
		return 1
	}
	requests, err := decodeRequests(data)
	if err != nil {
		fmt.Fprintf(stderr, "vigil-rules replay: %s: %v\n", o.input, err)
		return 1
	}
	var condErrs []string
	eval := engine.New(engine.NewPlan(set), correlate.Limits{MaxKeys: 100000, MaxValues: 10000}, func(r *rules.Compiled, err error) {
		condErrs = append(condErrs, fmt.Sprintf("rule %s: condition failed: %v", r.ID, err))
	})
	weights := risk.DefaultWeights()
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	if !o.json {
		fmt.Fprintln(tw, "TIME\tEVENT\tRULES\tSEVERITY\tRISK\tTECHNIQUE\tRECORD")
	}
	records, findings := 0, 0
	var matched []*rules.Compiled
	var m plog.JSONMarshaler
	for _, logs := range requests {
		for i := range logs.ResourceLogs().Len() {
			rl := logs.ResourceLogs().At(i)
			for j := range rl.ScopeLogs().Len() {
				sl := rl.ScopeLogs().At(j)
				sl.LogRecords().RemoveIf(func(lr plog.LogRecord) bool {
					records++
					matched, _ = eval.Evaluate(context.Background(), rl, sl, lr, matched[:0])
					if len(matched) == 0 {
						return true
					}
					findings++
					primary := finding.Annotate(lr, rl.Resource().Attributes(), matched, weights)
					if !o.json {
						ids := make([]string, len(matched))
						for k, r := range matched {
							ids[k] = r.ID
						}
						score, _ := lr.Attributes().Get(schema.VigilFindingRiskScore)
						fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", lr.Timestamp().AsTime().UTC().Format(time.RFC3339Nano),
							lr.EventName(), strings.Join(ids, ","), primary.Severity, score.Int(), primary.Technique.ID, oneLine(lr))
					}
					return false
				})
			}
		}
		if o.json && logs.LogRecordCount() > 0 {
			out, err := m.MarshalLogs(logs)
			if err != nil {
				fmt.Fprintf(stderr, "vigil-rules replay: %v\n", err)
				return 1
			}
			fmt.Fprintf(stdout, "%s\n", out)
		}
	}
	tw.Flush()
	for _, e := range condErrs {
		fmt.Fprintln(stderr, e)
	}
	fmt.Fprintf(stderr, "%d records, %d findings\n", records, findings)
	return 0
}

// decodeRequests reads OTLP-JSON logs requests: one per line, as the file
// exporter writes them, or any sequence of JSON documents.
func decodeRequests(data []byte) ([]plog.Logs, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []plog.Logs
	var u plog.JSONUnmarshaler
	for n := 1; dec.More(); n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("document %d: %w", n, err)
		}
		logs, err := u.UnmarshalLogs(raw)
		if err != nil {
			return nil, fmt.Errorf("document %d is not OTLP JSON logs: %w", n, err)
		}
		out = append(out, logs)
	}
	return out, nil
}

// oneLine describes a record: its body, else its process.
func oneLine(lr plog.LogRecord) string {
	if body := lr.Body().AsString(); body != "" {
		return body
	}
	if v, ok := lr.Attributes().Get(schema.ProcessCommandLine); ok {
		return v.AsString()
	}
	return ""
}
