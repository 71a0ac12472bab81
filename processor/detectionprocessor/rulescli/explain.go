package rulescli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// explain lists, per event name, the rules a record of that event is
// tested by: what the processor's index gives it.
func explain(o *options, stdout, stderr io.Writer) int {
	set, err := compile(o)
	if err != nil {
		report(stderr, err)
		return 1
	}
	events := []string(o.events)
	if len(events) == 0 {
		events = set.Events()
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for i, event := range events {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		candidates := set.For(event)
		fmt.Fprintf(tw, "%s: %d rules\n", event, len(candidates))
		for _, r := range candidates {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", r.ID, kind(r), r.Severity, r.Technique.ID, r.Name)
		}
	}
	tw.Flush()
	return 0
}

func kind(r *rules.Compiled) string {
	switch r.Kind {
	case rules.KindSequence:
		steps := make([]string, len(r.Sequence.Steps))
		for i, s := range r.Sequence.Steps {
			steps[i] = strings.Join(s.Events, "|")
		}
		return fmt.Sprintf("sequence by %s within %s: %s", r.Sequence.By, r.Sequence.Within, strings.Join(steps, " → "))
	case rules.KindThreshold:
		what := "records"
		if r.Threshold.Distinct != nil {
			what = "distinct values"
		}
		return fmt.Sprintf("threshold %d %s by %s within %s", r.Threshold.Count, what, r.Threshold.By, r.Threshold.Within)
	}
	return "record"
}
